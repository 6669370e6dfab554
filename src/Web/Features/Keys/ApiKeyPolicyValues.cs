namespace Switchyard.Web.Features.Keys;

/// <summary>An <see cref="ApiKeyForm"/> read and checked.</summary>
public sealed record ApiKeyPolicyValues(string Name, string? DefaultGroupId, IReadOnlyList<string> AllowedGroups, IReadOnlyList<string> AllowedModels);
