using System.Globalization;
using System.Text;

namespace Switchyard.Web.Features.Tenancy;

/// <summary>URL-safe organization slugs derived from names ("Acme Labs GmbH" → <c>acme-labs-gmbh</c>).</summary>
public static class OrganizationSlugs
{
    /// <summary>Leaves room under the column's 64 characters for a uniqueness suffix.</summary>
    public const int MaxBaseLength = 48;

    private const string Fallback = "org";

    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        // Decompose accents (é → e + ◌́) and keep only ASCII letters and digits; everything else becomes one hyphen.
        var builder = new StringBuilder(name.Length);
        var pendingHyphen = false;
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingHyphen = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingHyphen = true;
            }

            if (builder.Length >= MaxBaseLength)
            {
                break;
            }
        }

        var slug = builder.ToString().TrimEnd('-');
        return slug.Length == 0 ? Fallback : slug;
    }

    /// <summary>The first of <c>base</c>, <c>base-2</c>, <c>base-3</c>, … that <paramref name="taken"/> does not hold.</summary>
    public static string FirstFree(string baseSlug, IReadOnlySet<string> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        if (!taken.Contains(baseSlug))
        {
            return baseSlug;
        }

        for (var n = 2; ; n++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"{baseSlug}-{n}");
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
