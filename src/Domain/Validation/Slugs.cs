using System.Text.RegularExpressions;

namespace Switchyard.Domain.Validation;

/// <summary>Connection slugs: the first half of <c>slug/model</c>, so they must not contain a slash.</summary>
public static partial class Slugs
{
    public const int MaxLength = 64;

    public static bool IsValid(string? slug) => slug is { Length: > 0 and <= MaxLength } && SlugPattern().IsMatch(slug);

    public const string Rule = "lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
