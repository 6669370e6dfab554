namespace Switchyard.Data.Tenancy;

/// <summary>Thrown when a unit of work scoped to one organization tries to write another organization's row.</summary>
public sealed class CrossTenantWriteException(string entityType, Guid rowOrganizationId, Guid? scopeOrganizationId)
    : InvalidOperationException($"Refusing to write {entityType} of organization {rowOrganizationId} from a context scoped to {scopeOrganizationId?.ToString() ?? "no organization"}.");
