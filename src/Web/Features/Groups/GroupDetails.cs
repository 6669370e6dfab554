namespace Switchyard.Web.Features.Groups;

/// <summary>A stored group, ready for the editor: an editable copy plus what the editor shows but does not edit.</summary>
public sealed record GroupDetails(GroupForm Form, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
