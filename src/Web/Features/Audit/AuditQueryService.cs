using Microsoft.EntityFrameworkCore;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Features.Audit;

/// <summary>Reads the current organization's audit events. Every role may read them.</summary>
public sealed class AuditQueryService(ITenantAccess tenantAccess, TenantDbContextFactory contexts)
{
    public const int MaxPageSize = 200;

    public async Task<AuditSearchResult> SearchAsync(AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var tenant = await tenantAccess.RequireAsync(t => t.CanRead, cancellationToken);
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);

        await using var db = contexts.Create(tenant);
        var query = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(e => e.Action == filter.Action);
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            query = query.Where(e => e.EntityType == filter.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(filter.UserEmail))
        {
            query = query.Where(e => e.UserEmail == filter.UserEmail);
        }

        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.Timestamp >= start);
        }

        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.Timestamp < end);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(e => e.Timestamp)
            .ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(e => new AuditEntry(e.Id, e.Timestamp, e.UserEmail, e.Action, e.EntityType, e.EntityId, e.BeforeJson, e.AfterJson))
            .ToListAsync(cancellationToken);
        return new AuditSearchResult(items, total, page, pageSize);
    }

    public async Task<AuditFilterOptions> GetFilterOptionsAsync(CancellationToken cancellationToken = default)
    {
        var tenant = await tenantAccess.RequireAsync(t => t.CanRead, cancellationToken);
        await using var db = contexts.Create(tenant);
        var events = db.AuditEvents.AsNoTracking();
        var actions = await events.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        var types = await events.Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
        var users = await events.Where(e => e.UserEmail != null).Select(e => e.UserEmail!).Distinct().OrderBy(u => u).ToListAsync(cancellationToken);
        return new AuditFilterOptions(actions, types, users);
    }
}
