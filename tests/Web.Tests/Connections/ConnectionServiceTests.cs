using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Data.Secrets;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Configuration;
using Switchyard.Web.Features.Connections;
using Switchyard.Web.Tests.EndToEnd;

namespace Switchyard.Web.Tests.Connections;

/// <summary>The connection service called directly with chosen roles.</summary>
[Collection(PlatformCollectionDefinition.Name)]
public sealed class ConnectionServiceTests(PlatformServer platform) : IAsyncLifetime
{
    private TestUser _admin = null!;
    private TestUser _member = null!;

    public async Task InitializeAsync()
    {
        var org = await platform.CreateOrganizationAsync("Connection service org");
        _admin = await platform.CreateUserAsync(org, MemberRole.Admin);
        _member = await platform.CreateUserAsync(org, MemberRole.Member);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private ConnectionForm MockForm(string slug, string secret, params string[] options) => new()
    {
        Slug = slug,
        Kind = ProviderKind.OpenAICompatible,
        BaseUrl = platform.Mock.OpenAiBaseUrl(options).ToString(),
        Secret = secret,
        Models = "gpt-4o-mini",
    };

    private async Task<ConnectionSummary> CreateAsync(ConnectionForm form)
    {
        await using var handle = platform.ServiceAs<ConnectionService>(_admin);
        var result = await handle.Service.CreateAsync(form);
        result.Succeeded.Should().BeTrue(string.Join("; ", result.Errors.Select(e => e.Message)) + result.Problem);
        return result.Value!;
    }

    [Fact]
    public async Task CreateAsync_AsMember_IsRefused()
    {
        await using var handle = platform.ServiceAs<ConnectionService>(_member);

        var create = () => handle.Service.CreateAsync(MockForm("by-member", "sk-member-0000"));

        await create.Should().ThrowAsync<UnauthorizedAccessException>();
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        (await db.Connections.AnyAsync(c => c.Slug == "by-member")).Should().BeFalse();
    }

    [Fact]
    public async Task CreateAsync_StoresTheSecretSealed_ShowsOnlyItsLastFour_AndAuditsWithoutIt()
    {
        const string secret = "sk-live-SEALED-9f8e7d6c5b4aQ7Z1";

        var created = await CreateAsync(MockForm("sealed", secret));

        created.SecretLast4.Should().Be("Q7Z1");
        created.MaskedSecret.Should().Be("…Q7Z1");
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        var stored = await db.Connections.AsNoTracking().SingleAsync(c => c.Id == created.Id);
        Encoding.UTF8.GetString(stored.EncryptedSecret!).Should().NotContain(secret);
        platform.Dashboard.Services.GetRequiredService<ConnectionSecrets>().Open(stored).Should().Be(secret);
        var audit = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.EntityId == created.Id.ToString());
        audit.Action.Should().Be(ConfigurationAuditActions.ConnectionCreated);
        audit.AfterJson.Should().NotContain(secret).And.Contain("Q7Z1");
    }

    [Fact]
    public async Task ReplaceSecretAsync_SealsTheNewKey_AndAuditsOnlyTheLastFours()
    {
        var created = await CreateAsync(MockForm("rotated", "sk-old-key-1111"));
        await using var handle = platform.ServiceAs<ConnectionService>(_admin);

        var result = await handle.Service.ReplaceSecretAsync(created.Id, "sk-new-key-2222");

        result.Value!.SecretLast4.Should().Be("2222");
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        var audit = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.EntityId == created.Id.ToString() && a.Action == ConfigurationAuditActions.ConnectionSecretReplaced);
        audit.BeforeJson.Should().Contain("1111").And.NotContain("sk-old-key");
        audit.AfterJson.Should().Contain("2222").And.NotContain("sk-new-key");
    }

    [Fact]
    public async Task CreateAsync_SlugTaken_IsAFieldError()
    {
        await CreateAsync(MockForm("taken", "sk-a-0001"));
        await using var handle = platform.ServiceAs<ConnectionService>(_admin);

        var result = await handle.Service.CreateAsync(MockForm("taken", "sk-b-0002"));

        result.Errors.Should().ContainSingle().Which.Field.Should().Be("slug");
    }

    [Fact]
    public async Task UpdateAsync_KeepsSlugAndSecret_ChangesTheRest()
    {
        var created = await CreateAsync(MockForm("editable", "sk-keep-4444"));
        await using var handle = platform.ServiceAs<ConnectionService>(_admin);
        var form = ConnectionForm.From(created);
        form.Slug = "renamed";
        form.Models = "gpt-4o, gpt-4o-mini";
        form.InputPricePerMillion = "2.5";

        var result = await handle.Service.UpdateAsync(created.Id, form);

        result.Value!.Slug.Should().Be("editable");
        result.Value.SecretLast4.Should().Be("4444");
        result.Value.Models.Should().Equal("gpt-4o", "gpt-4o-mini");
        result.Value.InputPricePerMillion.Should().Be(2.5m);
    }

    [Fact]
    public async Task DeleteAsync_UsedByAGroup_SaysWhichGroupAndKeepsIt()
    {
        var created = await CreateAsync(MockForm("busy", "sk-busy-5555"));
        var groupId = GroupIds.New();
        await using (var db = platform.OpenDatabase(_admin.OrganizationId))
        {
            var group = new LoadBalanceGroup { OrganizationId = _admin.OrganizationId, PublicId = groupId, Name = "depends-on-busy" };
            group.Targets.Add(new GroupTarget { OrganizationId = _admin.OrganizationId, GroupId = group.Id, ConnectionId = created.Id, Model = "gpt-4o-mini" });
            db.Groups.Add(group);
            await db.SaveChangesAsync();
        }

        await using var handle = platform.ServiceAs<ConnectionService>(_admin);
        var result = await handle.Service.DeleteAsync(created.Id);

        result.Problem.Should().Be($"Connection 'busy' is used by group depends-on-busy ({groupId}). Remove it from their targets and fallbacks first, then delete it.");
        (await handle.Service.GetAsync(created.Id)).Should().NotBeNull();
    }

    [Fact]
    public async Task DeleteAsync_Unused_DeletesAndAudits()
    {
        var created = await CreateAsync(MockForm("doomed", "sk-doomed-6666"));
        await using var handle = platform.ServiceAs<ConnectionService>(_admin);

        (await handle.Service.DeleteAsync(created.Id)).Succeeded.Should().BeTrue();

        (await handle.Service.GetAsync(created.Id)).Should().BeNull();
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        (await db.AuditEvents.AnyAsync(a => a.EntityId == created.Id.ToString() && a.Action == ConfigurationAuditActions.ConnectionDeleted)).Should().BeTrue();
    }

    [Fact]
    public async Task TestAsync_StoredKeyAcceptedByTheProvider_ListsItsModels()
    {
        const string secret = "sk-mock-accepted-7777";
        var created = await CreateAsync(MockForm("testable", secret, "name=testable", $"require_key={secret}", "models=alpha-1,alpha-2"));
        await using var handle = platform.ServiceAs<ConnectionService>(_admin);

        var result = await handle.Service.TestAsync(ConnectionForm.From(created), created.Id);

        result.Value!.Succeeded.Should().BeTrue(result.Value.Summary);
        result.Value.Models.Should().Equal("alpha-1", "alpha-2");
        result.Value.Summary.Should().Be("Connected: the provider lists 2 models.");
        result.Value.Request.Should().StartWith("GET ").And.EndWith("/v1/models");
    }

    [Fact]
    public async Task TestAsync_WrongKey_SaysTheProviderRejectedIt_WithoutEchoingTheKey()
    {
        var created = await CreateAsync(MockForm("wrong-key", "sk-wrong-8888", "require_key=sk-right-9999"));
        await using var handle = platform.ServiceAs<ConnectionService>(_admin);

        var result = await handle.Service.TestAsync(ConnectionForm.From(created), created.Id);

        result.Value!.Succeeded.Should().BeFalse();
        result.Value.StatusCode.Should().Be(401);
        result.Value.Summary.Should().StartWith("The provider rejected the API key (401)").And.NotContain("sk-wrong-8888");
    }

    [Fact]
    public async Task TestAsync_NothingListening_FailsQuicklyWithAClearMessage()
    {
        await using var handle = platform.ServiceAs<ConnectionService>(_admin);
        var form = new ConnectionForm { Kind = ProviderKind.OpenAICompatible, BaseUrl = "http://127.0.0.1:9/v1" };

        var result = await handle.Service.TestAsync(form, existingId: null);

        result.Value!.Succeeded.Should().BeFalse();
        result.Value.Summary.Should().StartWith("Could not reach 127.0.0.1");
        result.Value.Elapsed.Should().BeLessThan(ConnectionTester.Timeout);
    }

    [Fact]
    public async Task TestAsync_AsMember_IsRefused()
    {
        await using var handle = platform.ServiceAs<ConnectionService>(_member);

        var test = () => handle.Service.TestAsync(MockForm("x", "sk-x-0000"), existingId: null);

        await test.Should().ThrowAsync<UnauthorizedAccessException>();
    }
}
