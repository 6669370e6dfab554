namespace Switchyard.Web.Features.Keys;

/// <summary>A group as the key form offers it.</summary>
public sealed record GroupChoice(string PublicId, string Name)
{
    public string Label => $"{Name} ({PublicId})";
}
