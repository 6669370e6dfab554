using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Health;

/// <summary>
/// The identity of a target's runtime state: connection ID and model. Unlike <see cref="RouteTarget.QualifiedName"/>
/// (<c>slug/model</c>, unique only within one organization, and changed by a slug rename) it is unique across
/// organizations and stable across reloads, so health, latency and counters carry over and never mix tenants.
/// </summary>
public readonly record struct TargetKey(Guid ConnectionId, string Model)
{
    public static TargetKey From(RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new TargetKey(target.Connection.Id, target.Model);
    }

    /// <summary><c>{connection id, 32 hex digits}/{model}</c>: the form used in shared (Redis) keys and messages.</summary>
    public override string ToString() => $"{ConnectionId:N}/{Model}";

    /// <summary>Parses <see cref="ToString"/>'s form back; false for anything else.</summary>
    public static bool TryParse(string? text, out TargetKey key)
    {
        key = default;
        if (text is null || text.Length < 34 || text[32] != '/')
        {
            return false;
        }

        if (!Guid.TryParseExact(text.AsSpan(0, 32), "N", out var id))
        {
            return false;
        }

        key = new TargetKey(id, text[33..]);
        return true;
    }
}
