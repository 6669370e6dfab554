namespace Switchyard.Web.Features.Groups;

/// <summary>The result of a save: where the group lives now and which version the gateways will report.</summary>
public sealed record GroupSaved(string PublicId, int Version, bool Created);
