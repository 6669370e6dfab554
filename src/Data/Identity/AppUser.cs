using Microsoft.AspNetCore.Identity;

namespace Switchyard.Data.Identity;

/// <summary>A dashboard user. Organization membership lives in <see cref="Domain.Tenancy.Membership"/>, not in Identity roles.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string? DisplayName { get; set; }

    /// <summary>The organization the dashboard opens in; switched by the user.</summary>
    public Guid? CurrentOrganizationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
