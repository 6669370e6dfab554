namespace Switchyard.Web.Features.Configuration;

/// <summary>Lists typed into one text box ("a, b, c" or one per line), as the forms show and read them.</summary>
public static class ListText
{
    private static readonly char[] _separators = [',', '\n', '\r', ';'];

    /// <summary>The trimmed, non-empty items in the order written (duplicates kept: validation names them).</summary>
    public static List<string> Split(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.Split(_separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    public static string Join(IEnumerable<string> items) => string.Join(", ", items);
}
