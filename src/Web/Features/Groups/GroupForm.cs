using System.Globalization;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Validation;
using Switchyard.Web.Features.Configuration;

namespace Switchyard.Web.Features.Groups;

/// <summary>
/// What the group editor edits. Numbers and lists stay text until <see cref="ToGroup"/> reads them, so the editor can
/// show a message under a half-typed value instead of dropping it.
/// </summary>
public sealed class GroupForm
{
    /// <summary>Null until the group is first saved.</summary>
    public string? PublicId { get; set; }

    /// <summary>The version this form was loaded from; saving anything else is a conflict.</summary>
    public int Version { get; set; }
    public string Name { get; set; } = string.Empty;
    public RoutingStrategy Strategy { get; set; } = RoutingStrategy.Weighted;
    public List<TargetRow> Targets { get; set; } = [];

    /// <summary>Dot paths, comma-separated (e.g. <c>metadata.user_id</c>); empty = no stickiness.</summary>
    public string StickyHashFields { get; set; } = string.Empty;
    public string StickyTtlSeconds { get; set; } = GroupRules.DefaultStickyTtlSeconds.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>slug/model</c>, comma-separated, tried in order after the targets.</summary>
    public string FallbackModels { get; set; } = string.Empty;

    /// <summary>Comma-separated HTTP statuses; empty = 429 and 5xx.</summary>
    public string RetryOnStatusCodes { get; set; } = string.Empty;
    public string RequestTimeoutMs { get; set; } = string.Empty;
    public string FirstByteTimeoutMs { get; set; } = string.Empty;

    public bool IsNew => PublicId is null;

    public static GroupForm From(LoadBalanceGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new GroupForm
        {
            PublicId = group.PublicId,
            Version = group.Version,
            Name = group.Name,
            Strategy = group.Strategy,
            Targets = [.. group.Targets.OrderBy(t => t.Position).Select(t => new TargetRow
            {
                Id = t.Id,
                ConnectionId = t.ConnectionId,
                Model = t.Model,
                Weight = t.Weight.ToString(CultureInfo.InvariantCulture),
                RpmLimit = t.RpmLimit?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                TpmLimit = t.TpmLimit?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            })],
            StickyHashFields = ListText.Join(group.StickyHashFields),
            StickyTtlSeconds = group.StickyTtlSeconds.ToString(CultureInfo.InvariantCulture),
            FallbackModels = ListText.Join(group.FallbackModels),
            RetryOnStatusCodes = ListText.Join(group.RetryOnStatusCodes.Select(c => c.ToString(CultureInfo.InvariantCulture))),
            RequestTimeoutMs = group.RequestTimeoutMs?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            FirstByteTimeoutMs = group.FirstByteTimeoutMs?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }

    /// <summary>Each target's weight as a number, with anything unreadable, negative or not finite counted as 0 (for the live shares).</summary>
    public double[] ReadableWeights() =>
        [.. Targets.Select(t => TryReadWeight(t.Weight, out var weight) && WeightRules.IsValid(weight) ? weight : 0)];

    /// <summary>
    /// The group this form describes, plus the problems only the text reveals (a weight that is not a number); the
    /// rest is for <see cref="GroupValidator"/>. Unreadable numbers become values the validator rejects too, so nothing
    /// unreadable can slip through as valid.
    /// </summary>
    public (LoadBalanceGroup Group, IReadOnlyList<ValidationError> ReadErrors) ToGroup(Guid organizationId)
    {
        var errors = new List<ValidationError>();
        var group = new LoadBalanceGroup
        {
            OrganizationId = organizationId,
            PublicId = PublicId ?? GroupIds.Prefix + "new",
            Name = Name.Trim(),
            Strategy = Strategy,
            Version = Version,
            StickyHashFields = ListText.Split(StickyHashFields),
            FallbackModels = ListText.Split(FallbackModels),
        };

        for (var i = 0; i < Targets.Count; i++)
        {
            var row = Targets[i];
            var prefix = $"targets[{i}]";
            if (!TryReadWeight(row.Weight, out var weight))
            {
                errors.Add(new($"{prefix}.weight", string.IsNullOrWhiteSpace(row.Weight)
                    ? $"{prefix}.weight is required: a number ≥ 0 (0 keeps the target but sends it nothing)"
                    : $"{prefix}.weight must be a number ≥ 0 (got '{row.Weight.Trim()}')"));
                weight = double.NaN;
            }

            group.Targets.Add(new GroupTarget
            {
                Id = row.Id ?? Guid.CreateVersion7(),
                OrganizationId = organizationId,
                GroupId = group.Id,
                ConnectionId = row.ConnectionId,
                Model = row.Model.Trim(),
                Weight = weight,
                Position = i,
                RpmLimit = ReadOptionalInt(row.RpmLimit, $"{prefix}.rpm_limit", errors),
                TpmLimit = ReadOptionalInt(row.TpmLimit, $"{prefix}.tpm_limit", errors),
            });
        }

        group.StickyTtlSeconds = ReadOptionalInt(StickyTtlSeconds, "sticky.ttl", errors) ?? GroupRules.DefaultStickyTtlSeconds;
        var codes = ListText.Split(RetryOnStatusCodes);
        for (var i = 0; i < codes.Count; i++)
        {
            if (int.TryParse(codes[i], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                group.RetryOnStatusCodes.Add(code);
            }
            else
            {
                errors.Add(new($"on_status_codes[{i}]", $"on_status_codes[{i}] must be an HTTP status such as 503 (got '{codes[i]}')"));

                // A placeholder the validator rejects too keeps the later items' indices those the user sees.
                group.RetryOnStatusCodes.Add(0);
            }
        }

        group.RequestTimeoutMs = ReadOptionalInt(RequestTimeoutMs, "request_timeout_ms", errors);
        group.FirstByteTimeoutMs = ReadOptionalInt(FirstByteTimeoutMs, "first_byte_timeout_ms", errors);
        return (group, errors);
    }

    public static bool TryReadWeight(string? text, out double weight) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out weight);

    private static int? ReadOptionalInt(string text, string field, List<ValidationError> errors)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new(field, $"{field} must be a whole number (got '{trimmed}')"));
        return null;
    }
}
