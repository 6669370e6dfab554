using Switchyard.Domain.Keys;
using Switchyard.Domain.Validation;

namespace Switchyard.Domain.Routing;

/// <summary>
/// Applies the precedence rules of DESIGN.md §2 to a request: which candidates, which group settings, which fallbacks,
/// and whether the key's policy allows it. Pure and allocation-light; bad input is a <see cref="RoutingError"/>, never
/// an exception.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item><c>model</c> names a concrete model → <see cref="RouteKind.Direct"/>; the whole <c>load_balance_group</c> is ignored.
/// <c>model</c> = <c>group:&lt;id&gt;</c> (or a bare <c>lbg_…</c> ID that is a group, or is no model) → that group, as in rule 3,
/// also ignoring <c>load_balance_group</c>: the model field wins either way.</item>
/// <item>Inline models → <see cref="RouteKind.Inline"/>, with <c>group_id</c>'s group (if any) supplying every setting but the targets.</item>
/// <item><c>load_balance_group.group_id</c> → <see cref="RouteKind.Group"/>.</item>
/// <item>The key's default group → <see cref="RouteKind.KeyPolicy"/> (allowed by definition: an admin set it on the key).</item>
/// <item>Otherwise <see cref="RoutingErrorCode.ModelRequired"/>.</item>
/// </list>
/// Blank <c>model</c> and <c>group_id</c> count as absent, so SDKs that insist on a model can send <c>""</c> and use the key's default group.
/// </remarks>
public static class RequestResolver
{
    private const string ModelParam = "model";
    private const string GroupIdParam = "load_balance_group.group_id";
    private const string InlineParam = "load_balance_group.models";
    private const string DeprecatedInlineParam = "loadbalance_models";
    private const string FallbackParam = "fallback_models";

    public static RouteResolution Resolve(RoutingRequest request, ApiKeyPolicy policy, OrganizationRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(routes);

        var context = new Context(request, policy, routes);

        if (!string.IsNullOrWhiteSpace(request.Model))
        {
            var model = request.Model;
            if (GroupReference.TryParseExplicit(model, out var referenced))
            {
                return ResolveGroup(context, referenced, ModelParam, RouteKind.Group);
            }

            // A bare lbg_… is a group when it is one, and also when it is not a model either: then "no such group" is the honest answer.
            if (GroupReference.LooksLikeBareId(model) && (routes.GroupsByPublicId.ContainsKey(model) || !routes.LookupModel(model).Found))
            {
                return ResolveGroup(context, model, ModelParam, RouteKind.Group);
            }

            return ResolveDirect(context, model);
        }

        if (request.InlineModels is { } inline)
        {
            return ResolveInline(context, inline);
        }

        if (!string.IsNullOrWhiteSpace(request.GroupId))
        {
            return ResolveGroup(context, StripGroupPrefix(request.GroupId), GroupIdParam, RouteKind.Group);
        }

        if (!string.IsNullOrWhiteSpace(policy.DefaultGroupId))
        {
            return ResolveGroup(context, policy.DefaultGroupId, param: null, RouteKind.KeyPolicy);
        }

        return new RoutingError(
            RoutingErrorCode.ModelRequired,
            "Name a model (\"model\": \"<connection-slug>/<model>\"), or a group (\"load_balance_group\": {\"group_id\": \"lbg_…\"} " +
            "or \"model\": \"group:lbg_…\"), or give this API key a default group.",
            ModelParam);
    }

    private static RouteResolution ResolveDirect(Context context, string model)
    {
        if (ResolveModel(context, model, ModelParam, out var target) is { } error)
        {
            return error;
        }

        if (ResolveRequestFallbacks(context, out var requestFallbacks) is { } fallbackError)
        {
            return fallbackError;
        }

        RouteTarget[] candidates = [target];
        return new RoutePlan
        {
            Kind = RouteKind.Direct,
            Candidates = candidates,
            Fallbacks = MergeFallbacks(candidates, [], requestFallbacks),
            UsedDeprecatedAlias = context.UsedDeprecatedAlias,
        };
    }

    private static RouteResolution ResolveInline(Context context, IReadOnlyList<InlineModel> inline)
    {
        var prefix = context.Request.InlineFromDeprecatedAlias ? DeprecatedInlineParam : InlineParam;
        if (inline.Count == 0)
        {
            return new RoutingError(RoutingErrorCode.NoRoutableTarget, $"{prefix} is empty: list at least one model, or leave it out.", prefix);
        }

        var candidates = new List<RouteTarget>(inline.Count);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < inline.Count; i++)
        {
            var entry = inline[i];
            if (entry is null)
            {
                return new RoutingError(RoutingErrorCode.InvalidModel, $"{prefix}[{i}] must be an object with \"model\" and \"weight\".", $"{prefix}[{i}]");
            }

            var weightParam = $"{prefix}[{i}].weight";
            if (!WeightRules.IsValid(entry.Weight))
            {
                return new RoutingError(RoutingErrorCode.InvalidWeight, WeightRules.InvalidMessage(weightParam, entry.Weight) + ".", weightParam);
            }

            if (ResolveModel(context, entry.Model, $"{prefix}[{i}].model", out var target) is { } error)
            {
                return error;
            }

            // The same model listed twice is one target with the summed weight, so a failed target is never retried under its other entry.
            if (positions.TryGetValue(target.QualifiedName, out var existing))
            {
                candidates[existing] = candidates[existing] with { Weight = Math.Min(candidates[existing].Weight + entry.Weight, double.MaxValue) };
            }
            else
            {
                positions[target.QualifiedName] = candidates.Count;
                candidates.Add(target with { Weight = entry.Weight });
            }
        }

        if (!candidates.Exists(c => WeightRules.IsRoutable(c.Weight)))
        {
            return new RoutingError(RoutingErrorCode.InvalidWeight, $"{prefix}: at least one model needs a weight above 0.", prefix);
        }

        CompiledGroup? group = null;
        if (!string.IsNullOrWhiteSpace(context.Request.GroupId))
        {
            if (FindGroup(context, StripGroupPrefix(context.Request.GroupId), GroupIdParam, enforcePolicy: true, out group) is { } groupError)
            {
                return groupError;
            }
        }

        if (ResolveRequestFallbacks(context, out var requestFallbacks) is { } fallbackError)
        {
            return fallbackError;
        }

        return new RoutePlan
        {
            Kind = RouteKind.Inline,
            Group = group,
            Candidates = candidates,
            Fallbacks = MergeFallbacks(candidates, group?.Fallbacks ?? [], requestFallbacks),
            UsedDeprecatedAlias = context.UsedDeprecatedAlias,
        };
    }

    private static RouteResolution ResolveGroup(Context context, string publicId, string? param, RouteKind kind)
    {
        if (FindGroup(context, publicId, param, enforcePolicy: kind != RouteKind.KeyPolicy, out var group) is { } error)
        {
            return error;
        }

        if (ResolveRequestFallbacks(context, out var requestFallbacks) is { } fallbackError)
        {
            return fallbackError;
        }

        return new RoutePlan
        {
            Kind = kind,
            Group = group,
            Candidates = group.Targets,
            Fallbacks = MergeFallbacks(group.Targets, group.Fallbacks, requestFallbacks),
            UsedDeprecatedAlias = context.UsedDeprecatedAlias,
        };
    }

    private static RoutingError? FindGroup(Context context, string publicId, string? param, bool enforcePolicy, out CompiledGroup group)
    {
        if (!context.Routes.TryGetGroup(publicId, out group!))
        {
            var message = param is null
                ? $"This API key's default group {publicId} no longer exists in this organization. Name a model or a group, or ask an admin to update the key."
                : publicId.Length == 0
                    ? $"{param} names no group: expected a group ID like lbg_7Qk2v9xT."
                    : $"No group {publicId} in this organization.";
            return new RoutingError(RoutingErrorCode.GroupNotFound, message, param);
        }

        if (enforcePolicy && !context.Policy.AllowsGroup(publicId))
        {
            return new RoutingError(RoutingErrorCode.GroupNotAllowed, PolicyMessages.GroupNotAllowed(publicId, context.Policy), param);
        }

        return null;
    }

    private static RoutingError? ResolveRequestFallbacks(Context context, out RouteTarget[] fallbacks)
    {
        var names = context.Request.FallbackModels ?? [];
        fallbacks = names.Count == 0 ? [] : new RouteTarget[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (ResolveModel(context, names[i], $"{FallbackParam}[{i}]", out fallbacks[i]) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>A concrete model (not a group) as a weight-1 target, checked against the key's allowed models.</summary>
    private static RoutingError? ResolveModel(Context context, string? name, string param, out RouteTarget target)
    {
        target = null!;
        if (GroupReference.TryParseExplicit(name, out _))
        {
            return new RoutingError(RoutingErrorCode.InvalidModel, $"{param} takes a model, not a group ('{name}'); only \"model\" can name a group.", param);
        }

        var lookup = context.Routes.LookupModel(name);
        switch (lookup.Status)
        {
            case ModelLookupStatus.Found:
                break;
            case ModelLookupStatus.Invalid:
                return new RoutingError(RoutingErrorCode.InvalidModel, string.IsNullOrWhiteSpace(name)
                    ? $"{param} must not be empty."
                    : $"{param} '{name}' names no model after the connection slug.", param);
            case ModelLookupStatus.Ambiguous:
                return new RoutingError(RoutingErrorCode.AmbiguousModel,
                    $"Model '{name}' is served by several connections; name one of them: {PolicyMessages.List(lookup.Candidates)}.", param);
            case ModelLookupStatus.NotFound:
                return new RoutingError(RoutingErrorCode.ModelNotFound, NotFoundMessage(context.Routes, name!), param);
            default:
                throw new InvalidOperationException($"Unexpected lookup status {lookup.Status}.");
        }

        target = lookup.Target!;
        if (!context.Policy.AllowsModel(target.QualifiedName))
        {
            return new RoutingError(RoutingErrorCode.ModelNotAllowed, PolicyMessages.ModelNotAllowed(target.QualifiedName, context.Policy), param);
        }

        return null;
    }

    private static string NotFoundMessage(OrganizationRoutes routes, string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash > 0
            ? $"Model '{name}' was not found: '{name[..slash]}' is not a connection of this organization, and no connection lists '{name}' as a model."
            : $"Model '{name}' was not found: no connection of this organization lists it.";
        var connections = routes.ConnectionsBySlug.Keys.Order(StringComparer.Ordinal).ToArray();
        return connections.Length == 0
            ? $"{prefix} This organization has no connections yet."
            : $"{prefix} Name it as <connection-slug>/<model>; connections: {PolicyMessages.List(connections)}.";
    }

    /// <summary>Group fallbacks, then request fallbacks, each model once, leaving out any that is already a routable candidate.</summary>
    private static IReadOnlyList<RouteTarget> MergeFallbacks(
        IReadOnlyList<RouteTarget> candidates,
        IReadOnlyList<RouteTarget> groupFallbacks,
        RouteTarget[] requestFallbacks)
    {
        // The common case, a group without request fallbacks, shares the compiled list instead of building a new one
        // (a group's own fallbacks are unique by validation). Index loops, no lambdas: this runs for every group request.
        if (requestFallbacks.Length == 0 && !AnyRoutableCandidate(candidates, groupFallbacks))
        {
            return groupFallbacks;
        }

        var merged = new List<RouteTarget>(groupFallbacks.Count + requestFallbacks.Length);
        for (var i = 0; i < groupFallbacks.Count + requestFallbacks.Length; i++)
        {
            var fallback = i < groupFallbacks.Count ? groupFallbacks[i] : requestFallbacks[i - groupFallbacks.Count];
            if (!IsRoutableCandidate(candidates, fallback) && IndexOf(merged, fallback.QualifiedName) < 0)
            {
                merged.Add(fallback);
            }
        }

        return merged;
    }

    /// <summary>
    /// Weight-0 candidates are never tried as candidates, so listing one as a fallback is how an admin keeps a standby
    /// target; only routable candidates make a fallback redundant. Lists are a handful long: a scan beats a set.
    /// </summary>
    private static bool IsRoutableCandidate(IReadOnlyList<RouteTarget> candidates, RouteTarget fallback)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (WeightRules.IsRoutable(candidates[i].Weight) && string.Equals(candidates[i].QualifiedName, fallback.QualifiedName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyRoutableCandidate(IReadOnlyList<RouteTarget> candidates, IReadOnlyList<RouteTarget> fallbacks)
    {
        for (var i = 0; i < fallbacks.Count; i++)
        {
            if (IsRoutableCandidate(candidates, fallbacks[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOf(List<RouteTarget> targets, string qualifiedName)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            if (string.Equals(targets[i].QualifiedName, qualifiedName, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string StripGroupPrefix(string groupId)
    {
        var trimmed = groupId.Trim();
        return GroupReference.TryParseExplicit(trimmed, out var id) ? id : trimmed;
    }

    private readonly struct Context(RoutingRequest request, ApiKeyPolicy policy, OrganizationRoutes routes)
    {
        public RoutingRequest Request { get; } = request;
        public ApiKeyPolicy Policy { get; } = policy;
        public OrganizationRoutes Routes { get; } = routes;
        public bool UsedDeprecatedAlias { get; } = request.InlineFromDeprecatedAlias && request.InlineModels is not null;
    }
}
