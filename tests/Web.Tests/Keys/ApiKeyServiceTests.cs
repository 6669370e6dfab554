using Microsoft.EntityFrameworkCore;
using Switchyard.Data.Keys;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Logs;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Configuration;
using Switchyard.Web.Features.Keys;
using Switchyard.Web.Tests.EndToEnd;

namespace Switchyard.Web.Tests.Keys;

/// <summary>The API key service called directly with chosen roles.</summary>
[Collection(PlatformCollectionDefinition.Name)]
public sealed class ApiKeyServiceTests(PlatformServer platform) : IAsyncLifetime
{
    private TestUser _admin = null!;
    private TestUser _member = null!;
    private TestUser _otherMember = null!;
    private TestUser _viewer = null!;
    private string _chat = null!;
    private string _batch = null!;

    public async Task InitializeAsync()
    {
        var org = await platform.CreateOrganizationAsync("Key service org");
        _admin = await platform.CreateUserAsync(org, MemberRole.Admin);
        _member = await platform.CreateUserAsync(org, MemberRole.Member);
        _otherMember = await platform.CreateUserAsync(org, MemberRole.Member);
        _viewer = await platform.CreateUserAsync(org, MemberRole.Viewer);
        await using var db = platform.OpenDatabase(org);
        var connection = new Connection { OrganizationId = org, Slug = "alpha", BaseUrl = "http://127.0.0.1:9/v1", Kind = ProviderKind.OpenAICompatible };
        db.Connections.Add(connection);
        _chat = GroupIds.New();
        _batch = GroupIds.New();
        foreach (var (id, name) in new[] { (_chat, "chat"), (_batch, "batch") })
        {
            var group = new LoadBalanceGroup { OrganizationId = org, PublicId = id, Name = name };
            group.Targets.Add(new GroupTarget { OrganizationId = org, GroupId = group.Id, ConnectionId = connection.Id, Model = "m" });
            db.Groups.Add(group);
        }

        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<CreatedApiKey> CreateAsync(TestUser actor, ApiKeyForm form)
    {
        await using var handle = platform.ServiceAs<ApiKeyService>(actor);
        var result = await handle.Service.CreateAsync(form);
        result.Succeeded.Should().BeTrue(string.Join("; ", result.Errors.Select(e => e.Message)) + result.Problem);
        return result.Value!;
    }

    [Fact]
    public async Task CreateAsync_AsViewer_IsRefused()
    {
        await using var handle = platform.ServiceAs<ApiKeyService>(_viewer);

        var create = () => handle.Service.CreateAsync(new ApiKeyForm { Name = "viewer key" });

        await create.Should().ThrowAsync<UnauthorizedAccessException>();
    }

    [Fact]
    public async Task CreateAsync_AsMember_ReturnsTheKeyOnce_StoresOnlyItsHash_AndAudits()
    {
        var created = await CreateAsync(_member, new ApiKeyForm { Name = "member key", DefaultGroupId = _chat, AllowedGroups = [_chat], AllowedModels = "alpha/m" });

        created.Plaintext.Should().StartWith(ApiKeyHasher.Prefix);
        created.Key.Last4.Should().Be(created.Plaintext[^4..]);
        created.Key.CreatedBy.Should().Be(_member.Email);
        created.Key.LastUsedAt.Should().BeNull();
        created.Key.CanManage.Should().BeTrue();
        created.ToString().Should().NotContain(created.Plaintext);
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        var stored = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == created.Key.Id);
        stored.Hash.Should().Equal(ApiKeyHasher.Hash(created.Plaintext));
        stored.Policy.Should().BeEquivalentTo(new Domain.Keys.ApiKeyPolicy(_chat, [_chat], ["alpha/m"]));
        var audit = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.EntityId == created.Key.Id.ToString());
        audit.Action.Should().Be(ConfigurationAuditActions.KeyCreated);
        audit.AfterJson.Should().NotContain(created.Plaintext).And.NotContain(Convert.ToBase64String(stored.Hash));
    }

    [Fact]
    public async Task RevokeAndUpdate_AnotherMembersKey_AreRefusedForMembers_AllowedForAdmins()
    {
        var created = await CreateAsync(_otherMember, new ApiKeyForm { Name = "not yours" });
        await using var member = platform.ServiceAs<ApiKeyService>(_member);

        var revoke = () => member.Service.RevokeAsync(created.Key.Id);
        var update = () => member.Service.UpdateAsync(created.Key.Id, new ApiKeyForm { Name = "mine now" });

        await revoke.Should().ThrowAsync<UnauthorizedAccessException>();
        await update.Should().ThrowAsync<UnauthorizedAccessException>();
        (await member.Service.GetAsync(created.Key.Id))!.Should().Match<ApiKeySummary>(k => !k.CanManage && !k.IsRevoked && k.Name == "not yours");

        await using var admin = platform.ServiceAs<ApiKeyService>(_admin);
        var revoked = await admin.Service.RevokeAsync(created.Key.Id);
        revoked.Value!.IsRevoked.Should().BeTrue();
        revoked.Value.CanManage.Should().BeFalse();
    }

    [Fact]
    public async Task UpdateAsync_OwnKey_ReplacesNameAndPolicy()
    {
        var created = await CreateAsync(_member, new ApiKeyForm { Name = "before" });
        await using var handle = platform.ServiceAs<ApiKeyService>(_member);

        var result = await handle.Service.UpdateAsync(created.Key.Id, new ApiKeyForm { Name = "after", DefaultGroupId = _batch, AllowedGroups = [_batch, _chat] });

        result.Value!.Name.Should().Be("after");
        result.Value.DefaultGroupId.Should().Be(_batch);
        result.Value.AllowedGroups.Should().Equal(new[] { _batch, _chat }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_PolicyThatCannotWork_NamesTheFields()
    {
        await using var handle = platform.ServiceAs<ApiKeyService>(_admin);

        var result = await handle.Service.CreateAsync(new ApiKeyForm
        {
            Name = "",
            DefaultGroupId = _chat,
            AllowedGroups = [_batch, "lbg_nosuchgroup1"],
            AllowedModels = "gpt-4o, nosuch/m",
        });

        result.Errors.Select(e => e.Field).Should().BeEquivalentTo("name", "default_group", "allowed_groups", "allowed_models", "allowed_models");
    }

    [Fact]
    public async Task ListAsync_LastUsed_IsTheNewestRequestLogOfTheKey_OrNever()
    {
        var used = await CreateAsync(_admin, new ApiKeyForm { Name = "used" });
        var unused = await CreateAsync(_admin, new ApiKeyForm { Name = "unused" });
        var newest = new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);
        await using (var db = platform.OpenDatabase(_admin.OrganizationId))
        {
            foreach (var at in new[] { newest.AddHours(-2), newest, newest.AddDays(-1) })
            {
                db.RequestLogs.Add(new RequestLog { OrganizationId = _admin.OrganizationId, Timestamp = at, RequestId = Guid.NewGuid().ToString(), ApiKeyId = used.Key.Id, Endpoint = "chat" });
            }

            await db.SaveChangesAsync();
        }

        await using var handle = platform.ServiceAs<ApiKeyService>(_viewer);
        var keys = await handle.Service.ListAsync();

        keys.Single(k => k.Id == used.Key.Id).LastUsedAt.Should().Be(newest);
        keys.Single(k => k.Id == unused.Key.Id).LastUsedAt.Should().BeNull();
        keys.Should().OnlyContain(k => !k.CanManage, "a viewer manages no key");
    }

    [Fact]
    public async Task GetAsync_AnotherOrganizationsKey_IsNotFound()
    {
        var created = await CreateAsync(_admin, new ApiKeyForm { Name = "private key" });
        var outsider = await platform.CreateUserAsync(await platform.CreateOrganizationAsync("Outsiders"), MemberRole.Owner);
        await using var handle = platform.ServiceAs<ApiKeyService>(outsider);

        (await handle.Service.GetAsync(created.Key.Id)).Should().BeNull();
        (await handle.Service.RevokeAsync(created.Key.Id)).Problem.Should().Contain("does not exist");
        (await handle.Service.ListAsync()).Should().BeEmpty();
    }
}
