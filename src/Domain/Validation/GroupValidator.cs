using System.Globalization;
using System.Text.Json;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Validation;

/// <summary>
/// Checks a group before it is saved (dashboard) and again when it is compiled into routes (gateway).
/// Field names are the ones the dashboard form binds to; indices are positions in <see cref="LoadBalanceGroup.Targets"/>
/// and in the other lists as given.
/// </summary>
public static class GroupValidator
{
    /// <summary>All problems found, empty when the group may be saved. Never throws for bad data.</summary>
    /// <param name="group">The group as edited.</param>
    /// <param name="organizationConnections">
    /// The connections of the group's organization. A connection of another organization does not count, even if passed.
    /// </param>
    public static IReadOnlyList<ValidationError> Validate(LoadBalanceGroup group, IReadOnlyCollection<Connection> organizationConnections)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(organizationConnections);

        var errors = new List<ValidationError>();
        var connectionsById = new Dictionary<Guid, Connection>();
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var connection in organizationConnections)
        {
            if (connection is not null && connection.OrganizationId == group.OrganizationId)
            {
                connectionsById.TryAdd(connection.Id, connection);
                if (connection.Slug is not null)
                {
                    slugs.Add(connection.Slug);
                }
            }
        }

        ValidatePublicId(group, errors);
        ValidateName(group, errors);
        if (!Enum.IsDefined(group.Strategy))
        {
            errors.Add(new("strategy", $"strategy must be one of {RoutingStrategyNames.Weighted}, {RoutingStrategyNames.LeastOutstanding}, " +
                $"{RoutingStrategyNames.LeastLatency}, {RoutingStrategyNames.UsageAware}, {RoutingStrategyNames.Hybrid}"));
        }

        ValidateTargets(group.Targets, connectionsById, errors);
        ValidateSticky(group, errors);
        ValidateFallbacks(group.FallbackModels, slugs, errors);
        ValidateStatusCodes(group.RetryOnStatusCodes, errors);
        ValidateTimeouts(group, errors);
        return errors;
    }

    private static void ValidatePublicId(LoadBalanceGroup group, List<ValidationError> errors)
    {
        if (!GroupIds.LooksLikeGroupId(group.PublicId))
        {
            errors.Add(new("public_id", $"public_id must start with {GroupIds.Prefix} (got '{group.PublicId}')"));
        }
    }

    private static void ValidateName(LoadBalanceGroup group, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(group.Name))
        {
            errors.Add(new("name", "name is required"));
        }
        else if (group.Name.Length > GroupRules.MaxNameLength)
        {
            errors.Add(new("name", $"name must be at most {GroupRules.MaxNameLength} characters (got {group.Name.Length})"));
        }
    }

    private static void ValidateTargets(List<GroupTarget>? targets, Dictionary<Guid, Connection> connectionsById, List<ValidationError> errors)
    {
        if (targets is null || targets.Count == 0)
        {
            errors.Add(new("targets", "a group needs at least one target"));
            return;
        }

        var seen = new Dictionary<(Guid, string), int>();
        var anyRoutable = false;
        for (var i = 0; i < targets.Count; i++)
        {
            var prefix = $"targets[{i}]";
            var target = targets[i];
            if (target is null)
            {
                errors.Add(new(prefix, $"{prefix} is empty"));
                continue;
            }

            if (!connectionsById.ContainsKey(target.ConnectionId))
            {
                errors.Add(new($"{prefix}.connection", $"{prefix}.connection does not name a connection of this organization"));
            }

            var modelOk = ValidateModel(target.Model, $"{prefix}.model", errors);
            if (WeightRules.Check(target.Weight, $"{prefix}.weight") is { } weightError)
            {
                errors.Add(weightError);
            }
            else if (target.Weight > 0)
            {
                anyRoutable = true;
            }

            ValidateLimit(target.RpmLimit, $"{prefix}.rpm_limit", errors);
            ValidateLimit(target.TpmLimit, $"{prefix}.tpm_limit", errors);
            ValidateOverrides(target.ParameterOverridesJson, $"{prefix}.parameter_overrides", errors);

            if (modelOk && !seen.TryAdd((target.ConnectionId, target.Model), i))
            {
                var first = seen[(target.ConnectionId, target.Model)];
                errors.Add(new($"{prefix}.model", $"{prefix} repeats targets[{first}] (same connection and model); raise that target's weight instead"));
            }
        }

        if (!anyRoutable)
        {
            errors.Add(new("targets", WeightRules.AllZeroMessage));
        }
    }

    private static bool ValidateModel(string? model, string field, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            errors.Add(new(field, $"{field} is required"));
            return false;
        }

        if (model.Length > GroupRules.MaxModelLength)
        {
            errors.Add(new(field, $"{field} must be at most {GroupRules.MaxModelLength} characters (got {model.Length})"));
            return false;
        }

        if (char.IsWhiteSpace(model[0]) || char.IsWhiteSpace(model[^1]))
        {
            errors.Add(new(field, $"{field} must not start or end with whitespace"));
            return false;
        }

        return true;
    }

    private static void ValidateLimit(int? limit, string field, List<ValidationError> errors)
    {
        if (limit is <= 0)
        {
            errors.Add(new(field, $"{field} must be above 0 when set (got {limit.Value.ToString(CultureInfo.InvariantCulture)})"));
        }
    }

    private static void ValidateOverrides(string? json, string field, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(field, $"{field} must be a JSON object such as {{\"temperature\": 0}}"));
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (GroupRules.ReservedOverrideKeys.Contains(property.Name, StringComparer.Ordinal))
                {
                    errors.Add(new(field, $"{field} may not set \"{property.Name}\": the gateway sets it"));
                }
            }
        }
        catch (JsonException ex)
        {
            errors.Add(new(field, $"{field} is not valid JSON ({ex.Message})"));
        }
    }

    private static void ValidateSticky(LoadBalanceGroup group, List<ValidationError> errors)
    {
        var fields = group.StickyHashFields ?? [];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = $"sticky.hash_fields[{i}]";
            if (!DotPaths.IsValid(fields[i]))
            {
                errors.Add(new(field, $"{field} must be {DotPaths.Rule} (got '{fields[i]}')"));
            }
            else if (!seen.TryAdd(fields[i], i))
            {
                errors.Add(new(field, $"{field} repeats sticky.hash_fields[{seen[fields[i]]}]"));
            }
        }

        if (group.StickyTtlSeconds is <= 0 or > GroupRules.MaxStickyTtlSeconds)
        {
            errors.Add(new("sticky.ttl", $"sticky.ttl must be between 1 and {GroupRules.MaxStickyTtlSeconds} seconds (30 days) " +
                $"(got {group.StickyTtlSeconds.ToString(CultureInfo.InvariantCulture)})"));
        }
    }

    private static void ValidateFallbacks(List<string>? fallbacks, HashSet<string> slugs, List<ValidationError> errors)
    {
        if (fallbacks is null)
        {
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fallbacks.Count; i++)
        {
            var field = $"fallbacks[{i}]";
            var value = fallbacks[i];
            var name = string.IsNullOrWhiteSpace(value) ? default : ModelName.Parse(value, slugs.Contains);
            if (!name.IsQualified || name.Model.Length == 0)
            {
                errors.Add(new(field, $"{field} must be <connection-slug>/<model> naming one of this organization's connections (got '{value}')"));
            }
            else if (!seen.TryAdd(value!, i))
            {
                errors.Add(new(field, $"{field} repeats fallbacks[{seen[value!]}]"));
            }
        }
    }

    private static void ValidateStatusCodes(List<int>? codes, List<ValidationError> errors)
    {
        if (codes is null)
        {
            return;
        }

        for (var i = 0; i < codes.Count; i++)
        {
            if (codes[i] is < GroupRules.MinRetryStatusCode or > GroupRules.MaxRetryStatusCode)
            {
                var field = $"on_status_codes[{i}]";
                errors.Add(new(field, $"{field} must be an HTTP error status between {GroupRules.MinRetryStatusCode} and " +
                    $"{GroupRules.MaxRetryStatusCode} (got {codes[i].ToString(CultureInfo.InvariantCulture)})"));
            }
        }
    }

    private static void ValidateTimeouts(LoadBalanceGroup group, List<ValidationError> errors)
    {
        if (group.RequestTimeoutMs is <= 0)
        {
            errors.Add(new("request_timeout_ms", $"request_timeout_ms must be above 0 when set (got {group.RequestTimeoutMs.Value.ToString(CultureInfo.InvariantCulture)})"));
        }

        if (group.FirstByteTimeoutMs is <= 0)
        {
            errors.Add(new("first_byte_timeout_ms", $"first_byte_timeout_ms must be above 0 when set (got {group.FirstByteTimeoutMs.Value.ToString(CultureInfo.InvariantCulture)})"));
        }
        else if (group.RequestTimeoutMs > 0 && group.FirstByteTimeoutMs > group.RequestTimeoutMs)
        {
            errors.Add(new("first_byte_timeout_ms", "first_byte_timeout_ms must not exceed request_timeout_ms: the whole request would time out first"));
        }
    }
}
