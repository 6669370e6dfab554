namespace Switchyard.Domain.Validation;

/// <summary>
/// Dot paths into a JSON request body, as used for sticky hash fields: <c>metadata.user_id</c>,
/// <c>messages.0.content</c> (a numeric segment also indexes into an array). Segments are [A-Za-z0-9_-]+.
/// </summary>
public static class DotPaths
{
    public const int MaxLength = 200;
    public const int MaxSegments = 16;

    public const string Rule = "a dot path such as metadata.user_id: segments of letters, digits, '_' and '-', separated by '.'";

    public static bool IsValid(string? path)
    {
        if (path is not { Length: > 0 and <= MaxLength })
        {
            return false;
        }

        var segments = 1;
        var segmentLength = 0;
        foreach (var c in path)
        {
            if (c == '.')
            {
                if (segmentLength == 0 || ++segments > MaxSegments)
                {
                    return false;
                }

                segmentLength = 0;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            {
                segmentLength++;
            }
            else
            {
                return false;
            }
        }

        return segmentLength > 0;
    }
}
