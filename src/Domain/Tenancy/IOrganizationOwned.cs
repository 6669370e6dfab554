namespace Switchyard.Domain.Tenancy;

/// <summary>A row that belongs to one organization. The Data layer filters every query of such a type by it.</summary>
public interface IOrganizationOwned
{
    Guid OrganizationId { get; }
}
