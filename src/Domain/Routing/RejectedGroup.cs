using Switchyard.Domain.Validation;

namespace Switchyard.Domain.Routing;

/// <summary>A group that failed validation when a route snapshot was built. The gateway logs these.</summary>
/// <param name="Id">Database ID.</param>
/// <param name="PublicId">The ID clients send.</param>
/// <param name="Version">The version that failed.</param>
/// <param name="Errors">Why.</param>
public sealed record RejectedGroup(Guid Id, string PublicId, int Version, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>The last good version still being served in its place, or null when the group is out of the snapshot.</summary>
    public int? RetainedVersion { get; init; }
}
