using Microsoft.EntityFrameworkCore;
using Npgsql;
using Switchyard.Data;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Validation;
using Switchyard.Web.Features.Audit;
using Switchyard.Web.Features.Configuration;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Features.Groups;

/// <summary>
/// Everything the Groups pages do. Reading needs any role; saving and deleting need admin, checked here on the server
/// whatever the page shows. A save validates with the Domain's rules, bumps <see cref="LoadBalanceGroup.Version"/>
/// (a concurrency token, so two editors cannot overwrite each other unseen), audits and notifies the gateways.
/// </summary>
public sealed class GroupService(
    ITenantAccess access,
    TenantDbContextFactory database,
    IAuditLog audit,
    ConfigurationChanges changes,
    TimeProvider time)
{
    /// <param name="search">Part of a name or public ID, any case; null or blank lists every group.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<GroupSummary>> ListAsync(string? search = null, CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanRead, cancellationToken);
        await using var db = database.Create(tenant);
        var query = db.Groups.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + EscapeLike(search.Trim()) + "%";
            query = query.Where(g => EF.Functions.ILike(g.Name, pattern, @"\") || EF.Functions.ILike(g.PublicId, pattern, @"\"));
        }

        var groups = await query.OrderBy(g => g.Name).ThenBy(g => g.PublicId).ToListAsync(cancellationToken);
        var slugs = await SlugsAsync(db, cancellationToken);
        return [.. groups.Select(g => Summarize(g, slugs))];
    }

    /// <summary>The group, or null when this organization has none with that public ID (another organization's counts as none).</summary>
    public async Task<GroupDetails?> GetAsync(string publicId, CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanRead, cancellationToken);
        if (!GroupIds.LooksLikeGroupId(publicId))
        {
            return null;
        }

        await using var db = database.Create(tenant);
        var group = await db.Groups.AsNoTracking().SingleOrDefaultAsync(g => g.PublicId == publicId, cancellationToken);
        return group is null ? null : new GroupDetails(GroupForm.From(group), group.CreatedAt, group.UpdatedAt);
    }

    /// <summary>The organization's connections, for the editor's pickers and its live validation.</summary>
    public async Task<IReadOnlyList<ConnectionChoice>> GetConnectionChoicesAsync(CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanRead, cancellationToken);
        await using var db = database.Create(tenant);
        var connections = await db.Connections.AsNoTracking().OrderBy(c => c.Slug).ToListAsync(cancellationToken);
        return [.. connections.Select(ConnectionChoice.From)];
    }

    /// <summary>Creates the group (when <see cref="GroupForm.PublicId"/> is null) or updates it from the version the form was loaded at.</summary>
    public async Task<OperationResult<GroupSaved>> SaveAsync(GroupForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var tenant = await access.RequireAsync(t => t.CanManageConfiguration, cancellationToken);
        await using var db = database.Create(tenant);
        var connections = await db.Connections.AsNoTracking().ToListAsync(cancellationToken);
        var choices = connections.Select(ConnectionChoice.From).ToList();
        var errors = GroupFormValidator.Validate(form, tenant.OrganizationId, choices, out var draft).ToList();

        var name = draft.Name;
        if (name.Length > 0 && await db.Groups.AnyAsync(g => g.Name == name && g.PublicId != form.PublicId, cancellationToken))
        {
            errors.Add(new ValidationError("name", $"this organization already has a group named '{name}'"));
        }

        if (errors.Count > 0)
        {
            return OperationResult.Invalid<GroupSaved>(errors);
        }

        var slugs = connections.ToDictionary(c => c.Id, c => c.Slug);
        var result = form.IsNew
            ? Create(db, tenant, draft, slugs)
            : await UpdateAsync(db, tenant, form, draft, slugs, cancellationToken);
        if (!result.Succeeded)
        {
            return result;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            return OperationResult.Failed<GroupSaved>("A connection this group uses was deleted a moment ago. Reload the page and pick another.");
        }

        await changes.PublishAsync(tenant.OrganizationId, cancellationToken);
        return result;
    }

    /// <summary>Deletes the group unless an API key sends traffic to it by default (those requests would start failing).</summary>
    public async Task<OperationResult<GroupSaved>> DeleteAsync(string publicId, CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanManageConfiguration, cancellationToken);
        await using var db = database.Create(tenant);
        var group = await db.Groups.SingleOrDefaultAsync(g => g.PublicId == publicId, cancellationToken);
        if (group is null)
        {
            return NotFound();
        }

        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => k.RevokedAt == null && k.DefaultGroupId == publicId)
            .Select(k => k.Name)
            .ToListAsync(cancellationToken);
        if (keys.Count > 0)
        {
            return OperationResult.Failed<GroupSaved>(
                $"Group '{group.Name}' is the default group of API {(keys.Count == 1 ? "key" : "keys")} {string.Join(", ", keys.Select(k => $"'{k}'"))}. " +
                "Give those keys another default group (or none) first.");
        }

        var slugs = await SlugsAsync(db, cancellationToken);
        audit.Record(db, tenant, ConfigurationAuditActions.GroupDeleted, ConfigurationAuditActions.GroupEntity, group.PublicId, GroupSnapshot.Of(group, slugs), null);
        db.Groups.Remove(group);
        await db.SaveChangesAsync(cancellationToken);
        await changes.PublishAsync(tenant.OrganizationId, cancellationToken);
        return OperationResult.Success(new GroupSaved(group.PublicId, group.Version, Created: false));
    }

    private OperationResult<GroupSaved> Create(SwitchyardDbContext db, TenantContext tenant, LoadBalanceGroup draft, Dictionary<Guid, string> slugs)
    {
        var now = time.GetUtcNow();
        draft.PublicId = GroupIds.New();
        draft.Version = 1;
        draft.CreatedAt = now;
        draft.UpdatedAt = now;
        foreach (var target in draft.Targets)
        {
            target.Id = Guid.CreateVersion7();
            target.GroupId = draft.Id;
        }

        db.Groups.Add(draft);
        audit.Record(db, tenant, ConfigurationAuditActions.GroupCreated, ConfigurationAuditActions.GroupEntity, draft.PublicId, null, GroupSnapshot.Of(draft, slugs));
        return OperationResult.Success(new GroupSaved(draft.PublicId, draft.Version, Created: true));
    }

    private async Task<OperationResult<GroupSaved>> UpdateAsync(
        SwitchyardDbContext db,
        TenantContext tenant,
        GroupForm form,
        LoadBalanceGroup draft,
        Dictionary<Guid, string> slugs,
        CancellationToken cancellationToken)
    {
        var group = await db.Groups.SingleOrDefaultAsync(g => g.PublicId == form.PublicId, cancellationToken);
        if (group is null)
        {
            return NotFound();
        }

        if (group.Version != form.Version)
        {
            return Conflict();
        }

        var before = GroupSnapshot.Of(group, slugs);

        // The UPDATE only matches the version the editor loaded: a save that lands in between makes this one fail.
        db.Entry(group).Property(g => g.Version).OriginalValue = form.Version;
        group.Version = form.Version + 1;
        group.Name = draft.Name;
        group.Strategy = draft.Strategy;
        group.StickyHashFields = draft.StickyHashFields;
        group.StickyTtlSeconds = draft.StickyTtlSeconds;
        group.FallbackModels = draft.FallbackModels;
        group.RetryOnStatusCodes = draft.RetryOnStatusCodes;
        group.RequestTimeoutMs = draft.RequestTimeoutMs;
        group.FirstByteTimeoutMs = draft.FirstByteTimeoutMs;
        group.UpdatedAt = time.GetUtcNow();
        ReplaceTargets(db, group, draft.Targets);

        audit.Record(db, tenant, ConfigurationAuditActions.GroupUpdated, ConfigurationAuditActions.GroupEntity, group.PublicId, before, GroupSnapshot.Of(group, slugs));
        return OperationResult.Success(new GroupSaved(group.PublicId, group.Version, Created: false));
    }

    /// <summary>Updates targets in place where the editor kept them (stable IDs), removes the rest and adds new ones.</summary>
    private static void ReplaceTargets(SwitchyardDbContext db, LoadBalanceGroup group, List<GroupTarget> edited)
    {
        var existing = group.Targets.ToDictionary(t => t.Id);
        var kept = new HashSet<Guid>();
        foreach (var target in edited)
        {
            if (existing.TryGetValue(target.Id, out var stored) && kept.Add(target.Id))
            {
                stored.ConnectionId = target.ConnectionId;
                stored.Model = target.Model;
                stored.Weight = target.Weight;
                stored.Position = target.Position;
                stored.RpmLimit = target.RpmLimit;
                stored.TpmLimit = target.TpmLimit;
            }
            else
            {
                var added = new GroupTarget
                {
                    OrganizationId = group.OrganizationId,
                    GroupId = group.Id,
                    ConnectionId = target.ConnectionId,
                    Model = target.Model,
                    Weight = target.Weight,
                    Position = target.Position,
                    RpmLimit = target.RpmLimit,
                    TpmLimit = target.TpmLimit,
                };
                group.Targets.Add(added);
                db.GroupTargets.Add(added);
            }
        }

        foreach (var stale in existing.Values.Where(t => !kept.Contains(t.Id)))
        {
            group.Targets.Remove(stale);
            db.GroupTargets.Remove(stale);
        }
    }

    private static GroupSummary Summarize(LoadBalanceGroup group, Dictionary<Guid, string> slugs)
    {
        var targets = group.Targets.OrderBy(t => t.Position).ToList();
        var shares = WeightShares.Normalize([.. targets.Select(t => t.Weight)]);
        return new GroupSummary(
            group.PublicId,
            group.Name,
            group.Strategy,
            group.Version,
            group.UpdatedAt,
            [.. targets.Select((t, i) => new TargetShare($"{slugs.GetValueOrDefault(t.ConnectionId, "?")}/{t.Model}", t.Weight, shares[i]))],
            group.StickyHashFields.Count > 0);
    }

    /// <summary>The search box means the text itself: <c>%</c> and <c>_</c> are not wildcards there.</summary>
    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private static async Task<Dictionary<Guid, string>> SlugsAsync(SwitchyardDbContext db, CancellationToken cancellationToken) =>
        await db.Connections.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Slug, cancellationToken);

    private static OperationResult<GroupSaved> NotFound() =>
        OperationResult.Failed<GroupSaved>("This group does not exist (any more).");

    private static OperationResult<GroupSaved> Conflict() =>
        OperationResult.Failed<GroupSaved>("Someone saved this group while you were editing it. Reload the page to see their version, then make your change again.");
}
