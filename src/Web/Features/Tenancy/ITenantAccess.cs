namespace Switchyard.Web.Features.Tenancy;

/// <summary>
/// The one place the dashboard learns the caller's organization and role (Bitwarden's ICurrentContext idea).
/// Pages and services never decide tenancy ad hoc: they ask this, and fail closed when it says no.
/// </summary>
public interface ITenantAccess
{
    /// <summary>The signed-in user's current organization and role, or null when not signed in / no membership.</summary>
    Task<TenantContext?> GetCurrentAsync(CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="GetCurrentAsync"/> but throws <see cref="UnauthorizedAccessException"/> unless <paramref name="allowed"/> holds.</summary>
    Task<TenantContext> RequireAsync(Func<TenantContext, bool> allowed, CancellationToken cancellationToken = default);
}
