using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests.Routing;

public sealed class OrganizationRoutesTests
{
    [Fact]
    public void Build_ValidOrganization_CompilesGroupsWithTargetsAndFallbacks()
    {
        var routes = TestData.Routes();

        routes.Rejected.Should().BeEmpty();
        routes.GroupsByPublicId.Keys.Should().BeEquivalentTo(TestData.MainGroup, TestData.SecondGroup);

        var main = routes.GroupsByPublicId[TestData.MainGroup];
        main.Name.Should().Be("Main");
        main.Version.Should().Be(7);
        main.Strategy.Should().Be(RoutingStrategy.Weighted);
        main.Targets.Select(t => (t.QualifiedName, t.Weight)).Should().Equal(("openai-main/gpt-4o-mini", 3.0), ("azure-eu/gpt-4o", 1.0));
        main.Fallbacks.Select(t => t.QualifiedName).Should().Equal("vllm-local/qwen2.5", "openai-main/gpt-4o");
        main.Fallbacks.Should().OnlyContain(t => t.Weight == 1);
        main.StickyHashFields.Should().Equal("metadata.user_id");
        main.IsSticky.Should().BeTrue();
        main.StickyTtl.Should().Be(TimeSpan.FromHours(1));
        main.RequestTimeout.Should().Be(TimeSpan.FromSeconds(30));
        main.FirstByteTimeout.Should().Be(TimeSpan.FromSeconds(5));
        main.HeaderValue.Should().Be($"{TestData.MainGroup};v=7");
    }

    [Fact]
    public void Build_TargetsOutOfOrder_AreOrderedByPosition()
    {
        var (connections, groups) = TestData.Organization();
        groups[0].Targets.Reverse();

        var routes = OrganizationRoutes.Build(TestData.OrgId, connections, groups);

        routes.GroupsByPublicId[TestData.MainGroup].Targets[0].QualifiedName.Should().Be("openai-main/gpt-4o-mini");
    }

    [Fact]
    public void Build_ConnectionRoute_CarriesNoSecret()
    {
        typeof(ConnectionRoute).GetProperties().Select(p => p.Name)
            .Should().NotContain(n => n.Contains("Secret", StringComparison.OrdinalIgnoreCase));

        var azure = TestData.Routes().ConnectionsBySlug["azure-eu"];
        azure.Kind.Should().Be(ProviderKind.AzureOpenAI);
        azure.BaseUrl.Should().Be("https://azure-eu.example.test/v1");
    }

    [Fact]
    public void Build_InvalidGroup_IsRejectedWithErrorsAndLeftOutWithoutThrowing()
    {
        var (connections, groups) = TestData.Organization();
        groups[1].Targets[0].Weight = double.NaN;

        var routes = OrganizationRoutes.Build(TestData.OrgId, connections, groups);

        routes.GroupsByPublicId.Keys.Should().Equal(TestData.MainGroup);
        var rejected = routes.Rejected.Should().ContainSingle().Subject;
        rejected.PublicId.Should().Be(TestData.SecondGroup);
        rejected.RetainedVersion.Should().BeNull();
        rejected.Errors.Select(e => e.Field).Should().Contain("targets[0].weight");
    }

    [Fact]
    public void Build_GroupWithDeletedConnection_IsRejected()
    {
        var (connections, groups) = TestData.Organization();
        connections.RemoveAt(1); // azure-eu: a target of the main group and the second group's fallback

        var routes = OrganizationRoutes.Build(TestData.OrgId, connections, groups);

        routes.GroupsByPublicId.Should().BeEmpty();
        routes.Rejected.Should().HaveCount(2);
    }

    [Fact]
    public void Build_WithPrevious_KeepsTheLastGoodVersionOfARejectedGroup()
    {
        var (connections, groups) = TestData.Organization();
        var previous = OrganizationRoutes.Build(TestData.OrgId, connections, groups);
        groups[0].Targets.ForEach(t => t.Weight = 0);
        groups[0].Version = 8;

        var routes = OrganizationRoutes.Build(TestData.OrgId, connections, groups, previous);

        routes.GroupsByPublicId[TestData.MainGroup].Should().BeSameAs(previous.GroupsByPublicId[TestData.MainGroup]);
        routes.Rejected.Should().ContainSingle().Which.RetainedVersion.Should().Be(7);
    }

    [Fact]
    public void Build_AnotherOrganizationsData_IsLeftOut()
    {
        var (connections, groups) = TestData.Organization();
        var foreignConnection = TestData.Connection("foreign", orgId: TestData.OtherOrgId, models: ["secret-model"]);
        var foreignGroup = TestData.Group("lbg_foreign00001", "Foreign", TestData.Target(foreignConnection, "secret-model"));
        foreignGroup.OrganizationId = TestData.OtherOrgId;

        var routes = OrganizationRoutes.Build(TestData.OrgId, [.. connections, foreignConnection], [.. groups, foreignGroup]);

        routes.ConnectionsBySlug.Should().NotContainKey("foreign");
        routes.ConnectionsByModel.Should().NotContainKey("secret-model");
        routes.GroupsByPublicId.Should().NotContainKey("lbg_foreign00001");
        routes.RejectedConnections.Should().ContainSingle().Which.Slug.Should().Be("foreign");
    }

    [Fact]
    public void Build_DuplicateSlugOrPublicId_KeepsTheFirstAndRejectsTheRest()
    {
        var (connections, groups) = TestData.Organization();
        var clash = TestData.Connection("openai-main");
        var twin = TestData.Group(TestData.MainGroup, "Twin", TestData.Target(connections[0], "gpt-4o"));

        var routes = OrganizationRoutes.Build(TestData.OrgId, [.. connections, clash], [.. groups, twin]);

        routes.ConnectionsBySlug["openai-main"].Id.Should().Be(connections[0].Id);
        routes.RejectedConnections.Should().ContainSingle().Which.Id.Should().Be(clash.Id);
        routes.GroupsByPublicId[TestData.MainGroup].Name.Should().Be("Main");
        routes.Rejected.Should().ContainSingle().Which.Errors.Single().Field.Should().Be("public_id");
    }

    [Fact]
    public void Build_NullListsAndNulls_DoNotThrow()
    {
        var connection = TestData.Connection("c");
        connection.Models = null!;
        var group = TestData.Group("lbg_nulls0000001", "Nulls", TestData.Target(connection, "m"));
        group.StickyHashFields = null!;
        group.FallbackModels = null!;
        group.RetryOnStatusCodes = null!;
        var broken = TestData.Group("lbg_broken000001", null!);
        broken.Targets = null!;
        broken.PublicId = null!;

        var routes = OrganizationRoutes.Build(TestData.OrgId, [connection, null!], [group, broken, null!]);

        routes.GroupsByPublicId.Keys.Should().Equal("lbg_nulls0000001");
        routes.Rejected.Should().ContainSingle();
    }

    [Fact]
    public void Build_Catalog_IndexesBareModelsAcrossConnections()
    {
        var routes = TestData.Routes();

        routes.ConnectionsByModel["gpt-4o"].Select(c => c.Slug).Should().Equal("azure-eu", "openai-main");
        routes.ConnectionsByModel["gpt-4o-mini"].Select(c => c.Slug).Should().Equal("openai-main");
        routes.CatalogModels.Should().Equal(
            "azure-eu/gpt-4o", "openai-main/gpt-4o", "openai-main/gpt-4o-mini", "together/meta-llama/Llama-3-8b");
    }

    [Fact]
    public void CompiledGroup_RetryableStatus_UsesConfiguredCodesOrTheDefault()
    {
        var routes = TestData.Routes();
        var configured = routes.GroupsByPublicId[TestData.MainGroup];
        var defaulted = routes.GroupsByPublicId[TestData.SecondGroup];

        configured.IsRetryableStatus(503).Should().BeTrue();
        configured.IsRetryableStatus(500).Should().BeFalse();
        defaulted.IsRetryableStatus(429).Should().BeTrue();
        defaulted.IsRetryableStatus(502).Should().BeTrue();
        defaulted.IsRetryableStatus(400).Should().BeFalse();
    }
}
