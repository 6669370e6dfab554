namespace Switchyard.Domain.Routing;

/// <summary>
/// A model as a client names it: <c>slug/model</c> (qualified) or a bare model name resolved through the catalog.
/// Split at the first slash only when the prefix is a known connection slug, because model names themselves may
/// contain slashes (<c>meta-llama/Llama-3-8b</c>); <c>together/meta-llama/Llama-3-8b</c> is slug <c>together</c>.
/// </summary>
public readonly record struct ModelName
{
    private readonly string? _model;

    public ModelName(string? slug, string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Slug = slug;
        _model = model;
    }

    /// <summary>The connection slug, or null for a bare name.</summary>
    public string? Slug { get; }

    /// <summary>The model as the provider knows it (may contain slashes).</summary>
    public string Model => _model ?? string.Empty;

    public bool IsQualified => Slug is not null;

    /// <param name="value">What the client sent.</param>
    /// <param name="isKnownSlug">Whether a prefix is one of the organization's connection slugs.</param>
    public static ModelName Parse(string value, Func<string, bool> isKnownSlug)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(isKnownSlug);

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var slug = value[..slash];
            if (isKnownSlug(slug))
            {
                return new ModelName(slug, value[(slash + 1)..]);
            }
        }

        return new ModelName(null, value);
    }

    /// <summary><c>slug/model</c>, the one spelling of a qualified name (headers, logs, policies, messages).</summary>
    public static string Qualify(string slug, string model) => $"{slug}/{model}";

    public override string ToString() => IsQualified ? Qualify(Slug!, Model) : Model;
}
