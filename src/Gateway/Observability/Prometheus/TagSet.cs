namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>An immutable copy of a measurement's tags, compared by key and value in the order given.</summary>
internal sealed class TagSet
{
    public TagSet(KeyValuePair<string, object?>[] tags)
    {
        Tags = tags;
        Hash = TagSetComparer.HashOf(tags);
    }

    public KeyValuePair<string, object?>[] Tags { get; }

    public int Hash { get; }
}

/// <summary>
/// Equality for <see cref="TagSet"/>, with a span-keyed alternate lookup so that recording a measurement
/// finds its series without copying the tags (a copy is made only for a tag set never seen before).
/// </summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static TagSetComparer Instance { get; } = new();

    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = new HashCode();
        foreach (var tag in tags)
        {
            hash.Add(tag.Key, StringComparer.Ordinal);
            hash.Add(tag.Value);
        }

        return hash.ToHashCode();
    }

    public bool Equals(TagSet? x, TagSet? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && SameTags(x.Tags, y.Tags));

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other) => SameTags(alternate, other.Tags);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => HashOf(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => new(alternate.ToArray());

    private static bool SameTags(ReadOnlySpan<KeyValuePair<string, object?>> x, ReadOnlySpan<KeyValuePair<string, object?>> y)
    {
        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!string.Equals(x[i].Key, y[i].Key, StringComparison.Ordinal) || !Equals(x[i].Value, y[i].Value))
            {
                return false;
            }
        }

        return true;
    }
}
