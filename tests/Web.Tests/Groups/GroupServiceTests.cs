using Microsoft.EntityFrameworkCore;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Keys;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Configuration;
using Switchyard.Web.Features.Groups;
using Switchyard.Web.Tests.EndToEnd;

namespace Switchyard.Web.Tests.Groups;

/// <summary>The group service called directly, past any page, with chosen roles: what the server enforces by itself.</summary>
[Collection(PlatformCollectionDefinition.Name)]
public sealed class GroupServiceTests(PlatformServer platform) : IAsyncLifetime
{
    private TestUser _admin = null!;
    private TestUser _member = null!;
    private TestUser _viewer = null!;
    private Connection _alpha = null!;
    private Connection _beta = null!;

    public async Task InitializeAsync()
    {
        var org = await platform.CreateOrganizationAsync("Group service org");
        _admin = await platform.CreateUserAsync(org, MemberRole.Admin);
        _member = await platform.CreateUserAsync(org, MemberRole.Member);
        _viewer = await platform.CreateUserAsync(org, MemberRole.Viewer);
        await using var db = platform.OpenDatabase(org);
        _alpha = new Connection { OrganizationId = org, Slug = "alpha", BaseUrl = platform.Mock.OpenAiBaseUrl("name=alpha").ToString(), Kind = ProviderKind.OpenAICompatible };
        _beta = new Connection { OrganizationId = org, Slug = "beta", BaseUrl = platform.Mock.OpenAiBaseUrl("name=beta").ToString(), Kind = ProviderKind.OpenAICompatible };
        db.Connections.AddRange(_alpha, _beta);
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private GroupForm NewForm(string name, string alphaWeight = "3", string betaWeight = "1") => new()
    {
        Name = name,
        Targets =
        [
            new TargetRow { ConnectionId = _alpha.Id, Model = "gpt-4o-mini", Weight = alphaWeight },
            new TargetRow { ConnectionId = _beta.Id, Model = "gpt-4o-mini", Weight = betaWeight },
        ],
    };

    private async Task<GroupSaved> CreateAsync(string name)
    {
        await using var handle = platform.ServiceAs<GroupService>(_admin);
        var result = await handle.Service.SaveAsync(NewForm(name));
        result.Succeeded.Should().BeTrue(string.Join("; ", result.Errors.Select(e => e.Message)) + result.Problem);
        return result.Value!;
    }

    [Theory]
    [InlineData(MemberRole.Viewer)]
    [InlineData(MemberRole.Member)]
    public async Task SaveAsync_BelowAdmin_IsRefusedAndChangesNothing(MemberRole role)
    {
        var saved = await CreateAsync($"guarded-{role}");
        var actor = role == MemberRole.Viewer ? _viewer : _member;
        await using var handle = platform.ServiceAs<GroupService>(actor);
        var form = (await handle.Service.GetAsync(saved.PublicId))!.Form;
        form.Targets[0].Weight = "100";

        var save = () => handle.Service.SaveAsync(form);
        var delete = () => handle.Service.DeleteAsync(saved.PublicId);
        var create = () => handle.Service.SaveAsync(NewForm($"new-by-{role}"));

        await save.Should().ThrowAsync<UnauthorizedAccessException>();
        await delete.Should().ThrowAsync<UnauthorizedAccessException>();
        await create.Should().ThrowAsync<UnauthorizedAccessException>();
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        var stored = await db.Groups.AsNoTracking().SingleAsync(g => g.PublicId == saved.PublicId);
        stored.Version.Should().Be(1);
        stored.Targets.Select(t => t.Weight).Should().BeEquivalentTo([3.0, 1.0]);
        (await db.Groups.AnyAsync(g => g.Name == $"new-by-{role}")).Should().BeFalse();
    }

    [Fact]
    public async Task SaveAsync_NewGroup_GetsAPublicIdAndVersion1_IsAudited_AndNotifiesTheGateways()
    {
        await using var listener = await platform.ListenForConfigChangesAsync();

        var saved = await CreateAsync("audited");

        saved.Created.Should().BeTrue();
        GroupIds.LooksLikeGroupId(saved.PublicId).Should().BeTrue();
        saved.Version.Should().Be(1);
        (await listener.NextAsync()).Should().Be(_admin.OrganizationId.ToString("D"));
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        var audit = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.EntityId == saved.PublicId);
        audit.Action.Should().Be(ConfigurationAuditActions.GroupCreated);
        audit.UserId.Should().Be(_admin.Id);
        audit.AfterJson.Should().Contain("alpha/gpt-4o-mini").And.Contain("audited");
    }

    [Fact]
    public async Task SaveAsync_Update_IncrementsTheVersion_KeepsTargetIds_AndAuditsBeforeAndAfter()
    {
        var saved = await CreateAsync("versioned");
        await using var handle = platform.ServiceAs<GroupService>(_admin);
        var form = (await handle.Service.GetAsync(saved.PublicId))!.Form;
        var firstTargetId = form.Targets[0].Id;
        form.Targets[0].Weight = "5";
        form.Targets.RemoveAt(1);
        form.Strategy = RoutingStrategy.LeastLatency;

        var result = await handle.Service.SaveAsync(form);

        result.Succeeded.Should().BeTrue();
        result.Value!.Version.Should().Be(2);
        var reloaded = (await handle.Service.GetAsync(saved.PublicId))!.Form;
        reloaded.Version.Should().Be(2);
        reloaded.Strategy.Should().Be(RoutingStrategy.LeastLatency);
        reloaded.Targets.Should().ContainSingle().Which.Should().Match<TargetRow>(t => t.Id == firstTargetId && t.Weight == "5");
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        var update = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.EntityId == saved.PublicId && a.Action == ConfigurationAuditActions.GroupUpdated);
        update.BeforeJson.Should().Contain("beta/gpt-4o-mini");
        update.AfterJson.Should().NotContain("beta/gpt-4o-mini");
    }

    [Fact]
    public async Task SaveAsync_FromAStaleVersion_IsAConflictAndTheOtherSaveSurvives()
    {
        var saved = await CreateAsync("contended");
        await using var first = platform.ServiceAs<GroupService>(_admin);
        await using var second = platform.ServiceAs<GroupService>(_admin);
        var mine = (await first.Service.GetAsync(saved.PublicId))!.Form;
        var theirs = (await second.Service.GetAsync(saved.PublicId))!.Form;
        theirs.Targets[0].Weight = "7";
        (await second.Service.SaveAsync(theirs)).Succeeded.Should().BeTrue();

        mine.Targets[0].Weight = "9";
        var result = await first.Service.SaveAsync(mine);

        result.Succeeded.Should().BeFalse();
        result.Problem.Should().Contain("Someone saved this group while you were editing it");
        var stored = (await first.Service.GetAsync(saved.PublicId))!.Form;
        stored.Version.Should().Be(2);
        stored.Targets[0].Weight.Should().Be("7");
    }

    [Fact]
    public async Task SaveAsync_InvalidForm_ReturnsFieldErrorsAndSavesNothing()
    {
        await using var handle = platform.ServiceAs<GroupService>(_admin);

        var result = await handle.Service.SaveAsync(NewForm("all-zero", "0", "0"));

        result.Succeeded.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Field.Should().Be("targets");
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        (await db.Groups.AnyAsync(g => g.Name == "all-zero")).Should().BeFalse();
    }

    [Fact]
    public async Task SaveAsync_DuplicateName_IsAFieldError()
    {
        await CreateAsync("twice");
        await using var handle = platform.ServiceAs<GroupService>(_admin);

        var result = await handle.Service.SaveAsync(NewForm("twice"));

        result.Errors.Should().ContainSingle().Which.Field.Should().Be("name");
    }

    [Fact]
    public async Task ListAsync_Search_MatchesNameOrIdIgnoringCase_AndTreatsWildcardsLiterally()
    {
        var found = await CreateAsync("Searchable-Chat");
        await CreateAsync("100%_literal");
        await using var handle = platform.ServiceAs<GroupService>(_viewer);

        (await handle.Service.ListAsync("searchABLE")).Select(g => g.PublicId).Should().Equal(found.PublicId);
        (await handle.Service.ListAsync(found.PublicId.ToUpperInvariant())).Select(g => g.PublicId).Should().Equal(found.PublicId);
        (await handle.Service.ListAsync("%_")).Select(g => g.Name).Should().Equal("100%_literal");
        (await handle.Service.ListAsync("no such group")).Should().BeEmpty();
        var row = (await handle.Service.ListAsync("Searchable")).Single();
        row.Targets.Select(t => (t.Model, t.Share)).Should().Equal(("alpha/gpt-4o-mini", 0.75), ("beta/gpt-4o-mini", 0.25));
    }

    [Fact]
    public async Task GetAsyncAndSaveAsync_AnotherOrganizationsGroup_AreNotFound()
    {
        var saved = await CreateAsync("private");
        var otherOrg = await platform.CreateOrganizationAsync("Other org");
        var outsider = await platform.CreateUserAsync(otherOrg, MemberRole.Owner);
        await using var handle = platform.ServiceAs<GroupService>(outsider);

        (await handle.Service.GetAsync(saved.PublicId)).Should().BeNull();
        var overwrite = await handle.Service.SaveAsync(new GroupForm { PublicId = saved.PublicId, Version = 1, Name = "hijacked" });
        (await handle.Service.DeleteAsync(saved.PublicId)).Problem.Should().Contain("does not exist");

        overwrite.Succeeded.Should().BeFalse();
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        (await db.Groups.AsNoTracking().SingleAsync(g => g.PublicId == saved.PublicId)).Name.Should().Be("private");
    }

    [Fact]
    public async Task DeleteAsync_DefaultGroupOfAKey_IsRefusedWithTheKeysName()
    {
        var saved = await CreateAsync("in-use");
        await using (var db = platform.OpenDatabase(_admin.OrganizationId))
        {
            db.ApiKeys.Add(new ApiKey { OrganizationId = _admin.OrganizationId, Name = "checkout", Hash = Guid.NewGuid().ToByteArray(), Last4 = "abcd", DefaultGroupId = saved.PublicId });
            await db.SaveChangesAsync();
        }

        await using var handle = platform.ServiceAs<GroupService>(_admin);
        var result = await handle.Service.DeleteAsync(saved.PublicId);

        result.Problem.Should().Contain("default group of API key 'checkout'");
        (await handle.Service.GetAsync(saved.PublicId)).Should().NotBeNull();
    }
}
