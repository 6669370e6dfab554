using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Validation;

namespace Switchyard.Domain.Routing;

/// <summary>
/// An immutable snapshot of one organization's routing configuration: connections, compiled groups and the catalog
/// of bare model names. Built once per config version and then shared by every request without locks; a new
/// version replaces the whole snapshot. Holds only this organization's data, so another organization's group ID
/// simply is not found.
/// </summary>
public sealed class OrganizationRoutes
{
    private readonly Func<string, bool> _isKnownSlug;

    /// <summary>Every listed model, by qualified and by bare name, looked up once here instead of on every request.</summary>
    private readonly FrozenDictionary<string, ModelLookup> _catalogLookups;

    private OrganizationRoutes(
        Guid organizationId,
        FrozenDictionary<string, ConnectionRoute> connectionsBySlug,
        FrozenDictionary<Guid, ConnectionRoute> connectionsById,
        FrozenDictionary<string, CompiledGroup> groupsByPublicId,
        FrozenDictionary<string, IReadOnlyList<ConnectionRoute>> connectionsByModel,
        IReadOnlyList<string> catalogModels,
        FrozenDictionary<string, ModelLookup> catalogLookups,
        IReadOnlyList<RejectedGroup> rejected,
        IReadOnlyList<RejectedConnection> rejectedConnections)
    {
        OrganizationId = organizationId;
        ConnectionsBySlug = connectionsBySlug;
        ConnectionsById = connectionsById;
        GroupsByPublicId = groupsByPublicId;
        ConnectionsByModel = connectionsByModel;
        CatalogModels = catalogModels;
        _catalogLookups = catalogLookups;
        Rejected = rejected;
        RejectedConnections = rejectedConnections;
        _isKnownSlug = connectionsBySlug.ContainsKey;
    }

    public Guid OrganizationId { get; }
    public FrozenDictionary<string, ConnectionRoute> ConnectionsBySlug { get; }
    public FrozenDictionary<Guid, ConnectionRoute> ConnectionsById { get; }
    public FrozenDictionary<string, CompiledGroup> GroupsByPublicId { get; }

    /// <summary>Bare model name → the connections whose model list contains it (sorted by slug).</summary>
    public FrozenDictionary<string, IReadOnlyList<ConnectionRoute>> ConnectionsByModel { get; }

    /// <summary>Every listed model as <c>slug/model</c>, sorted: what <c>GET /v1/models</c> can show.</summary>
    public IReadOnlyList<string> CatalogModels { get; }

    /// <summary>Groups left out because they failed validation (or were retained from the previous snapshot, see <see cref="Build(Guid, IEnumerable{Connection}, IEnumerable{LoadBalanceGroup}, OrganizationRoutes?)"/>).</summary>
    public IReadOnlyList<RejectedGroup> Rejected { get; }

    /// <summary>Connections left out (invalid or duplicate slug, or another organization's).</summary>
    public IReadOnlyList<RejectedConnection> RejectedConnections { get; }

    public static OrganizationRoutes Empty(Guid organizationId) => Build(organizationId, [], []);

    /// <summary>Compiles a snapshot. Never throws for bad configuration: invalid groups go to <see cref="Rejected"/> and are left out.</summary>
    public static OrganizationRoutes Build(Guid organizationId, IEnumerable<Connection> connections, IEnumerable<LoadBalanceGroup> groups) =>
        Build(organizationId, connections, groups, previous: null);

    /// <summary>
    /// Like <see cref="Build(Guid, IEnumerable{Connection}, IEnumerable{LoadBalanceGroup})"/>, but a group that now fails
    /// validation keeps serving its last good version from <paramref name="previous"/> (if it had one there), so that one
    /// bad edit or a deleted connection does not take a working group offline. Such groups are still listed in
    /// <see cref="Rejected"/>, with <see cref="RejectedGroup.RetainedVersion"/> set.
    /// </summary>
    public static OrganizationRoutes Build(
        Guid organizationId,
        IEnumerable<Connection> connections,
        IEnumerable<LoadBalanceGroup> groups,
        OrganizationRoutes? previous)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(groups);
        if (previous is not null && previous.OrganizationId != organizationId)
        {
            throw new ArgumentException("The previous snapshot belongs to another organization.", nameof(previous));
        }

        var rejectedConnections = new List<RejectedConnection>();
        var accepted = AcceptConnections(organizationId, connections, rejectedConnections);
        var bySlug = accepted.ToDictionary(c => c.Slug, ConnectionRoute.From, StringComparer.Ordinal);
        var byId = bySlug.Values.ToDictionary(c => c.Id);
        var (byModel, catalog, lookups) = BuildCatalog(accepted, bySlug);

        var rejected = new List<RejectedGroup>();
        var compiled = new Dictionary<string, CompiledGroup>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            if (group is null)
            {
                continue;
            }

            var errors = CheckGroup(organizationId, group, accepted, compiled);
            if (errors.Count == 0)
            {
                compiled[group.PublicId] = Compile(group, byId, bySlug);
                continue;
            }

            // PublicId is declared non-null but comes from storage or a form: do not trust it here.
            string? publicId = group.PublicId;
            CompiledGroup? retained = null;
            if (previous is not null && publicId is not null && !compiled.ContainsKey(publicId)
                && previous.GroupsByPublicId.TryGetValue(publicId, out retained) && retained.Id == group.Id)
            {
                compiled[publicId] = retained;
            }
            else
            {
                retained = null;
            }

            rejected.Add(new RejectedGroup(group.Id, publicId ?? string.Empty, group.Version, errors) { RetainedVersion = retained?.Version });
        }

        return new OrganizationRoutes(
            organizationId,
            bySlug.ToFrozenDictionary(StringComparer.Ordinal),
            byId.ToFrozenDictionary(),
            compiled.ToFrozenDictionary(StringComparer.Ordinal),
            byModel.ToFrozenDictionary(StringComparer.Ordinal),
            catalog,
            lookups,
            rejected,
            rejectedConnections);
    }

    public bool TryGetGroup(string publicId, [MaybeNullWhen(false)] out CompiledGroup group)
    {
        ArgumentNullException.ThrowIfNull(publicId);
        return GroupsByPublicId.TryGetValue(publicId, out group);
    }

    public bool TryGetConnection(string slug, [MaybeNullWhen(false)] out ConnectionRoute connection)
    {
        ArgumentNullException.ThrowIfNull(slug);
        return ConnectionsBySlug.TryGetValue(slug, out connection);
    }

    /// <summary>Splits <c>slug/model</c> at the first slash when the prefix is one of this organization's slugs.</summary>
    public ModelName ParseModelName(string value) => ModelName.Parse(value, _isKnownSlug);

    /// <summary>
    /// Resolves a model name: <c>slug/model</c> with a known slug (any model, listed or not: a connection's model list
    /// feeds the catalog, it does not restrict it), or a bare name that exactly one connection lists.
    /// </summary>
    public ModelLookup LookupModel(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return ModelLookup.Invalid;
        }

        if (_catalogLookups.TryGetValue(name, out var listed))
        {
            return listed;
        }

        // Not listed: only slug/<any model> can still be served.
        var parsed = ParseModelName(name);
        if (!parsed.IsQualified)
        {
            return ModelLookup.NotFound;
        }

        return parsed.Model.Length == 0
            ? ModelLookup.Invalid
            : ModelLookup.Of(new RouteTarget(ConnectionsBySlug[parsed.Slug!], parsed.Model));
    }

    private static List<Connection> AcceptConnections(Guid organizationId, IEnumerable<Connection> connections, List<RejectedConnection> rejected)
    {
        var accepted = new List<Connection>();
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<Guid>();
        foreach (var connection in connections)
        {
            if (connection is null)
            {
                continue;
            }

            string? reason = null;
            if (connection.OrganizationId != organizationId)
            {
                reason = "belongs to another organization";
            }
            else if (!Slugs.IsValid(connection.Slug))
            {
                reason = $"slug '{connection.Slug}' is invalid: {Slugs.Rule}";
            }
            else if (!ids.Add(connection.Id))
            {
                reason = "duplicate connection ID";
            }
            else if (!slugs.Add(connection.Slug))
            {
                reason = $"slug '{connection.Slug}' is used by another connection";
            }

            if (reason is null)
            {
                accepted.Add(connection);
            }
            else
            {
                rejected.Add(new RejectedConnection(connection.Id, connection.Slug, reason));
            }
        }

        return accepted;
    }

    private static (Dictionary<string, IReadOnlyList<ConnectionRoute>> ByModel, string[] Catalog, FrozenDictionary<string, ModelLookup> Lookups) BuildCatalog(
        List<Connection> accepted,
        Dictionary<string, ConnectionRoute> bySlug)
    {
        var serving = new Dictionary<string, List<ConnectionRoute>>(StringComparer.Ordinal);
        foreach (var connection in accepted)
        {
            foreach (var model in (connection.Models ?? []).Distinct(StringComparer.Ordinal))
            {
                if (string.IsNullOrWhiteSpace(model))
                {
                    continue;
                }

                if (!serving.TryGetValue(model, out var list))
                {
                    serving[model] = list = [];
                }

                list.Add(bySlug[connection.Slug]);
            }
        }

        var byModel = new Dictionary<string, IReadOnlyList<ConnectionRoute>>(StringComparer.Ordinal);
        var lookups = new Dictionary<string, ModelLookup>(StringComparer.Ordinal);
        var catalog = new List<string>();
        foreach (var (model, list) in serving)
        {
            var sorted = list.OrderBy(c => c.Slug, StringComparer.Ordinal).ToArray();
            byModel[model] = sorted;

            var targets = sorted.Select(c => new RouteTarget(c, model)).ToArray();
            foreach (var target in targets)
            {
                catalog.Add(target.QualifiedName);
                lookups[target.QualifiedName] = ModelLookup.Of(target);
            }

            // A bare name whose prefix is a slug means that connection (first-slash rule), so it is not a catalog entry.
            if (!ModelName.Parse(model, bySlug.ContainsKey).IsQualified)
            {
                lookups[model] = targets.Length == 1
                    ? lookups[targets[0].QualifiedName]
                    : new ModelLookup(ModelLookupStatus.Ambiguous, null, targets.Select(t => t.QualifiedName).ToArray());
            }
        }

        catalog.Sort(StringComparer.Ordinal);
        return (byModel, catalog.ToArray(), lookups.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static IReadOnlyList<ValidationError> CheckGroup(
        Guid organizationId,
        LoadBalanceGroup group,
        List<Connection> accepted,
        Dictionary<string, CompiledGroup> compiled)
    {
        if (group.OrganizationId != organizationId)
        {
            return [new ValidationError("organization", "the group belongs to another organization")];
        }

        var errors = GroupValidator.Validate(group, accepted);
        if (errors.Count == 0 && compiled.ContainsKey(group.PublicId))
        {
            return [new ValidationError("public_id", $"public_id {group.PublicId} is used by another group")];
        }

        return errors;
    }

    private static CompiledGroup Compile(
        LoadBalanceGroup group,
        Dictionary<Guid, ConnectionRoute> byId,
        Dictionary<string, ConnectionRoute> bySlug)
    {
        // Validation has passed: every connection exists and every fallback is slug/model with a known slug.
        var targets = group.Targets
            .OrderBy(t => t.Position)
            .Select(t => new RouteTarget(byId[t.ConnectionId], t.Model, t.Weight, t.RpmLimit, t.TpmLimit,
                string.IsNullOrWhiteSpace(t.ParameterOverridesJson) ? null : t.ParameterOverridesJson))
            .ToArray();

        var fallbacks = (group.FallbackModels ?? [])
            .Select(f => ModelName.Parse(f, bySlug.ContainsKey))
            .Select(n => new RouteTarget(bySlug[n.Slug!], n.Model))
            .ToArray();

        return new CompiledGroup
        {
            Id = group.Id,
            PublicId = group.PublicId,
            Name = group.Name,
            Version = group.Version,
            Strategy = group.Strategy,
            StickyHashFields = (group.StickyHashFields ?? []).ToArray(),
            StickyTtl = TimeSpan.FromSeconds(group.StickyTtlSeconds),
            RetryOnStatusCodes = (group.RetryOnStatusCodes ?? []).Distinct().ToArray(),
            RequestTimeout = group.RequestTimeoutMs is { } request ? TimeSpan.FromMilliseconds(request) : null,
            FirstByteTimeout = group.FirstByteTimeoutMs is { } firstByte ? TimeSpan.FromMilliseconds(firstByte) : null,
            Targets = targets,
            Fallbacks = fallbacks,
        };
    }
}
