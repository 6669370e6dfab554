using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>An <see cref="ITenantAccess"/> that always answers with one caller, enforcing like the real one.</summary>
public sealed class FixedTenantAccess(TenantContext tenant) : ITenantAccess
{
    public Task<TenantContext?> GetCurrentAsync(CancellationToken cancellationToken = default) => Task.FromResult<TenantContext?>(tenant);

    public Task<TenantContext> RequireAsync(Func<TenantContext, bool> allowed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return allowed(tenant)
            ? Task.FromResult(tenant)
            : throw new UnauthorizedAccessException($"Role {tenant.Role} does not allow this action.");
    }
}
