namespace Switchyard.Web.Features.Groups;

/// <summary>One ready-to-paste example of using a group.</summary>
/// <param name="Id">Stable short name (<c>curl</c>, <c>python</c>, <c>javascript</c>, <c>dotnet</c>), for tabs and tests.</param>
/// <param name="Title">The tab label.</param>
/// <param name="Code">The snippet, with the real group ID and gateway URL filled in.</param>
public sealed record GroupSnippet(string Id, string Title, string Code);
