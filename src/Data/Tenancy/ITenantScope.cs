namespace Switchyard.Data.Tenancy;

/// <summary>
/// The organization the current unit of work acts for. Every query of an organization-owned table is filtered by it;
/// when it is null such queries return nothing (fail closed).
/// </summary>
public interface ITenantScope
{
    Guid? OrganizationId { get; }
}
