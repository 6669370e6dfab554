namespace Switchyard.Data.Tenancy;

/// <summary>A settable scope, registered per request or per circuit.</summary>
public sealed class TenantScope : ITenantScope
{
    public TenantScope()
    {
    }

    public TenantScope(Guid organizationId) => OrganizationId = organizationId;

    public Guid? OrganizationId { get; set; }
}
