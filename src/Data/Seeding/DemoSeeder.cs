using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Switchyard.Data.Identity;
using Switchyard.Data.Keys;
using Switchyard.Data.Secrets;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Keys;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;

namespace Switchyard.Data.Seeding;

/// <summary>
/// Creates (or brings up to date) the demo organization: an owner user, two connections to the mock provider,
/// a 70/30 group, a group with one flaky target, and an API key. Idempotent: a second run changes only what
/// must follow the options (upstream URL, password), and keeps a still-valid key.
/// </summary>
public sealed class DemoSeeder(SwitchyardDbContext db, ConnectionSecrets secrets)
{
    public const string PrimarySlug = "mock-primary";
    public const string SecondarySlug = "mock-secondary";
    public const string FlakySlug = "mock-flaky";
    public const string DemoModel = "gpt-4o-mini";
    private const string GroupName = "Demo 70/30";
    private const string FlakyGroupName = "Demo flaky";

    public async Task<DemoSeedResult> SeedAsync(DemoSeedOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var created = false;

        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Slug == options.OrganizationSlug, cancellationToken);
        if (organization is null)
        {
            organization = new Organization { Name = options.OrganizationName, Slug = options.OrganizationSlug };
            db.Organizations.Add(organization);
            created = true;
        }

        var user = await UpsertUserAsync(options, organization.Id, cancellationToken);
        var orgId = organization.Id;

        var memberships = db.Memberships.IgnoreQueryFilters();
        if (!await memberships.AnyAsync(m => m.OrganizationId == orgId && m.UserId == user.Id, cancellationToken))
        {
            db.Memberships.Add(new Membership { OrganizationId = orgId, UserId = user.Id, Role = MemberRole.Owner });
        }

        var (plainUrl, flakyUrl) = ConnectionUrls(options);
        var primary = await UpsertConnectionAsync(orgId, PrimarySlug, plainUrl, cancellationToken);
        var secondary = await UpsertConnectionAsync(orgId, SecondarySlug, plainUrl, cancellationToken);
        var flaky = await UpsertConnectionAsync(orgId, FlakySlug, flakyUrl, cancellationToken);

        var group = await UpsertGroupAsync(orgId, GroupName, [(primary, 70), (secondary, 30)], cancellationToken);
        var flakyGroup = await UpsertGroupAsync(orgId, FlakyGroupName, [(primary, 1), (flaky, 1)], cancellationToken);
        flakyGroup.FallbackModels = [$"{SecondarySlug}/{DemoModel}"];

        var apiKey = await EnsureApiKeyAsync(orgId, user.Id, group.PublicId, options.ExistingApiKey, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new DemoSeedResult(orgId, group.PublicId, flakyGroup.PublicId, options.Email, options.Password, apiKey, created);
    }

    /// <summary>
    /// The base URLs of the plain and the flaky connection. Only the built-in mock can fail on request (through its
    /// <c>/x/…</c> path); another upstream (e.g. a benchmark's nginx) gets its plain URL for both.
    /// </summary>
    public static (string Plain, string Flaky) ConnectionUrls(DemoSeedOptions options)
    {
        if (options.Upstream is { Length: > 0 } upstream)
        {
            var url = upstream.TrimEnd('/');
            var hasPath = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath.Trim('/').Length > 0;
            var plain = hasPath ? url : $"{url}/v1";
            return (plain, plain);
        }

        var mock = options.MockUrl.TrimEnd('/');
        return ($"{mock}/v1", $"{mock}/x/fail=503@0.3/name=flaky/v1");
    }

    private async Task<AppUser> UpsertUserAsync(DemoSeedOptions options, Guid organizationId, CancellationToken cancellationToken)
    {
        var normalized = options.Email.ToUpperInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
        {
            user = new AppUser
            {
                Id = Guid.CreateVersion7(),
                UserName = options.Email,
                NormalizedUserName = normalized,
                Email = options.Email,
                NormalizedEmail = normalized,
                EmailConfirmed = true,
                LockoutEnabled = true,
                DisplayName = "Demo owner",
            };
            db.Users.Add(user);
        }

        // The password follows .data/demo.env, so the printed credentials always work.
        user.PasswordHash = new PasswordHasher<AppUser>().HashPassword(user, options.Password);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.CurrentOrganizationId ??= organizationId;
        return user;
    }

    private async Task<Connection> UpsertConnectionAsync(Guid organizationId, string slug, string baseUrl, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.IgnoreQueryFilters()
            .FirstOrDefaultAsync(c => c.OrganizationId == organizationId && c.Slug == slug, cancellationToken);
        if (connection is null)
        {
            connection = new Connection
            {
                OrganizationId = organizationId,
                Slug = slug,
                Kind = ProviderKind.OpenAICompatible,
                BaseUrl = baseUrl,
                Models = [DemoModel, "gpt-4o", "text-embedding-3-small"],
            };
            secrets.Seal(connection, $"mock-key-{slug}");
            db.Connections.Add(connection);
        }
        else if (connection.BaseUrl != baseUrl)
        {
            connection.BaseUrl = baseUrl;
            connection.UpdatedAt = DateTimeOffset.UtcNow;
        }

        return connection;
    }

    private async Task<LoadBalanceGroup> UpsertGroupAsync(
        Guid organizationId,
        string name,
        IReadOnlyList<(Connection Connection, double Weight)> targets,
        CancellationToken cancellationToken)
    {
        var group = await db.Groups.IgnoreQueryFilters()
            .FirstOrDefaultAsync(g => g.OrganizationId == organizationId && g.Name == name, cancellationToken);
        if (group is not null)
        {
            return group;
        }

        group = new LoadBalanceGroup { OrganizationId = organizationId, PublicId = GroupIds.New(), Name = name };
        for (var i = 0; i < targets.Count; i++)
        {
            group.Targets.Add(new GroupTarget
            {
                OrganizationId = organizationId,
                GroupId = group.Id,
                ConnectionId = targets[i].Connection.Id,
                Model = DemoModel,
                Weight = targets[i].Weight,
                Position = i,
            });
        }

        db.Groups.Add(group);
        return group;
    }

    private async Task<string> EnsureApiKeyAsync(Guid organizationId, Guid userId, string defaultGroup, string? existing, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(existing))
        {
            var hash = ApiKeyHasher.Hash(existing);
            var stored = await db.ApiKeys.IgnoreQueryFilters()
                .FirstOrDefaultAsync(k => k.Hash == hash && k.OrganizationId == organizationId, cancellationToken);
            if (stored is { RevokedAt: null })
            {
                return existing;
            }
        }

        var material = ApiKeyHasher.Generate();
        db.ApiKeys.Add(new ApiKey
        {
            OrganizationId = organizationId,
            Name = "Demo key",
            Hash = material.Hash,
            Last4 = material.Last4,
            CreatedByUserId = userId,
            DefaultGroupId = defaultGroup,
        });
        return material.Plaintext;
    }
}
