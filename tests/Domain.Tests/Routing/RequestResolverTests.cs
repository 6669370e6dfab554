using Switchyard.Domain.Keys;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests.Routing;

public sealed class RequestResolverTests
{
    private readonly OrganizationRoutes _routes = TestData.Routes();

    private RouteResolution Resolve(RoutingRequest request, ApiKeyPolicy? policy = null) =>
        RequestResolver.Resolve(request, policy ?? ApiKeyPolicy.Unrestricted, _routes);

    private RoutePlan Plan(RoutingRequest request, ApiKeyPolicy? policy = null)
    {
        var resolution = Resolve(request, policy);
        resolution.Succeeded.Should().BeTrue(resolution.Error?.Message);
        return resolution.Plan!;
    }

    private RoutingError Error(RoutingRequest request, ApiKeyPolicy? policy = null)
    {
        var resolution = Resolve(request, policy);
        resolution.Succeeded.Should().BeFalse();
        return resolution.Error!;
    }

    private static ApiKeyPolicy Policy(string? defaultGroup = null, string[]? groups = null, string[]? models = null) =>
        new(defaultGroup, groups ?? [], models ?? []);

    private static IEnumerable<string> Names(IEnumerable<RouteTarget> targets) => targets.Select(t => t.QualifiedName);

    // Rule 1: a concrete model

    [Fact]
    public void Resolve_QualifiedModel_IsDirectWithOneTargetOfWeightOne()
    {
        var plan = Plan(new RoutingRequest { Model = "openai-main/gpt-4o" });

        plan.Kind.Should().Be(RouteKind.Direct);
        plan.WireTag.Should().Be("direct");
        plan.Group.Should().BeNull();
        plan.Candidates.Should().ContainSingle().Which.Should().Match<RouteTarget>(t =>
            t.QualifiedName == "openai-main/gpt-4o" && t.Model == "gpt-4o" && t.Weight == 1 && t.Connection.Slug == "openai-main");
        plan.Fallbacks.Should().BeEmpty();
        plan.UsedDeprecatedAlias.Should().BeFalse();
    }

    [Fact]
    public void Resolve_ModelAndGroupAndInline_ModelWins()
    {
        var plan = Plan(new RoutingRequest
        {
            Model = "azure-eu/gpt-4o",
            GroupId = TestData.MainGroup,
            InlineModels = [new("openai-main/gpt-4o-mini", 1)],
        });

        plan.Kind.Should().Be(RouteKind.Direct);
        plan.Group.Should().BeNull();
        Names(plan.Candidates).Should().Equal("azure-eu/gpt-4o");
    }

    [Fact]
    public void Resolve_BareModelServedByOneConnection_ResolvesThroughCatalog()
    {
        Names(Plan(new RoutingRequest { Model = "gpt-4o-mini" }).Candidates).Should().Equal("openai-main/gpt-4o-mini");
    }

    [Fact]
    public void Resolve_ModelNameWithSlashThatIsNotASlug_IsABareName()
    {
        var plan = Plan(new RoutingRequest { Model = "meta-llama/Llama-3-8b" });

        plan.Candidates.Single().Connection.Slug.Should().Be("together");
        plan.Candidates.Single().Model.Should().Be("meta-llama/Llama-3-8b");
    }

    [Fact]
    public void Resolve_QualifiedModelNameWithSlashes_SplitsAtTheFirstSlash()
    {
        var target = Plan(new RoutingRequest { Model = "together/meta-llama/Llama-3-8b" }).Candidates.Single();

        target.Connection.Slug.Should().Be("together");
        target.Model.Should().Be("meta-llama/Llama-3-8b");
    }

    [Fact]
    public void Resolve_ConnectionWithoutModelList_AcceptsAnyQualifiedModel()
    {
        Names(Plan(new RoutingRequest { Model = "vllm-local/qwen2.5-72b" }).Candidates).Should().Equal("vllm-local/qwen2.5-72b");
    }

    [Fact]
    public void Resolve_AmbiguousBareModel_Is400ListingTheCandidates()
    {
        var error = Error(new RoutingRequest { Model = "gpt-4o" });

        error.Code.Should().Be(RoutingErrorCode.AmbiguousModel);
        error.WireCode.Should().Be("ambiguous_model");
        error.StatusCode.Should().Be(400);
        error.Param.Should().Be("model");
        error.Message.Should().Contain("azure-eu/gpt-4o").And.Contain("openai-main/gpt-4o");
    }

    [Theory]
    [InlineData("claude-3-opus")]
    [InlineData("anthropic/claude-3-opus")]
    public void Resolve_UnknownModel_Is400ModelNotFoundNamingTheConnections(string model)
    {
        var error = Error(new RoutingRequest { Model = model });

        error.Code.Should().Be(RoutingErrorCode.ModelNotFound);
        error.WireCode.Should().Be("model_not_found");
        error.StatusCode.Should().Be(400);
        error.Param.Should().Be("model");
        error.Message.Should().Contain(model).And.Contain("openai-main");
    }

    [Fact]
    public void Resolve_SlugWithEmptyModel_Is400InvalidModel()
    {
        var error = Error(new RoutingRequest { Model = "openai-main/" });

        error.Code.Should().Be(RoutingErrorCode.InvalidModel);
        error.StatusCode.Should().Be(400);
        error.Param.Should().Be("model");
    }

    // Rule 1 with a group as the model

    [Fact]
    public void Resolve_GroupPrefixAsModel_RoutesByThatGroup()
    {
        var plan = Plan(new RoutingRequest { Model = $"group:{TestData.MainGroup}" });

        plan.Kind.Should().Be(RouteKind.Group);
        plan.Group!.PublicId.Should().Be(TestData.MainGroup);
        Names(plan.Candidates).Should().Equal("openai-main/gpt-4o-mini", "azure-eu/gpt-4o");
    }

    [Fact]
    public void Resolve_BareGroupIdAsModel_RoutesByThatGroup()
    {
        var plan = Plan(new RoutingRequest { Model = TestData.SecondGroup });

        plan.Kind.Should().Be(RouteKind.Group);
        plan.Group!.PublicId.Should().Be(TestData.SecondGroup);
    }

    [Fact]
    public void Resolve_GroupAsModel_OverridesLoadBalanceGroup()
    {
        var plan = Plan(new RoutingRequest
        {
            Model = $"group:{TestData.SecondGroup}",
            GroupId = TestData.MainGroup,
            InlineModels = [new("openai-main/gpt-4o", 1)],
        });

        plan.Kind.Should().Be(RouteKind.Group);
        plan.Group!.PublicId.Should().Be(TestData.SecondGroup);
        Names(plan.Candidates).Should().Equal("together/meta-llama/Llama-3-8b");
    }

    [Theory]
    [InlineData("group:lbg_doesnotexist")]
    [InlineData("lbg_doesnotexist")]
    public void Resolve_UnknownGroupAsModel_Is404NamingModel(string model)
    {
        var error = Error(new RoutingRequest { Model = model });

        error.Code.Should().Be(RoutingErrorCode.GroupNotFound);
        error.WireCode.Should().Be("group_not_found");
        error.StatusCode.Should().Be(404);
        error.Param.Should().Be("model");
    }

    // Rule 2: inline models

    [Fact]
    public void Resolve_InlineModels_WeightedAmongThemWithWeightsAsGiven()
    {
        var plan = Plan(new RoutingRequest
        {
            InlineModels = [new("openai-main/gpt-4o-mini", 3), new("azure-eu/gpt-4o", 1), new("gpt-4o-mini", 0.5), new("vllm-local/x", 0)],
        });

        plan.Kind.Should().Be(RouteKind.Inline);
        plan.WireTag.Should().Be("inline");
        plan.Group.Should().BeNull();
        plan.Candidates.Select(t => (t.QualifiedName, t.Weight)).Should().Equal(
            ("openai-main/gpt-4o-mini", 3.5), ("azure-eu/gpt-4o", 1.0), ("vllm-local/x", 0.0));
    }

    [Fact]
    public void Resolve_InlineModelsAndGroupId_InlineTargetsWithTheGroupsSettings()
    {
        var plan = Plan(new RoutingRequest
        {
            GroupId = TestData.MainGroup,
            InlineModels = [new("together/meta-llama/Llama-3-8b", 2)],
        });

        plan.Kind.Should().Be(RouteKind.Inline);
        plan.Group!.PublicId.Should().Be(TestData.MainGroup);
        plan.Group.StickyHashFields.Should().Equal("metadata.user_id");
        plan.Group.RequestTimeout.Should().Be(TimeSpan.FromSeconds(30));
        Names(plan.Candidates).Should().Equal("together/meta-llama/Llama-3-8b");
        Names(plan.Fallbacks).Should().Equal("vllm-local/qwen2.5", "openai-main/gpt-4o");
    }

    [Fact]
    public void Resolve_InlineModelsWithUnknownGroupId_Is404NamingGroupId()
    {
        var error = Error(new RoutingRequest { GroupId = "lbg_nope00000000", InlineModels = [new("azure-eu/gpt-4o", 1)] });

        error.StatusCode.Should().Be(404);
        error.Param.Should().Be("load_balance_group.group_id");
    }

    [Fact]
    public void Resolve_DeprecatedAlias_IsInlineAndFlagged()
    {
        var plan = Plan(new RoutingRequest { InlineModels = [new("azure-eu/gpt-4o", 1)], InlineFromDeprecatedAlias = true });

        plan.Kind.Should().Be(RouteKind.Inline);
        plan.UsedDeprecatedAlias.Should().BeTrue();
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    [InlineData(-1, "-1")]
    public void Resolve_InlineInvalidWeight_Is400NamingTheWeight(double weight, string shown)
    {
        var error = Error(new RoutingRequest { InlineModels = [new("azure-eu/gpt-4o", 1), new("openai-main/gpt-4o", weight)] });

        error.Code.Should().Be(RoutingErrorCode.InvalidWeight);
        error.WireCode.Should().Be("invalid_weight");
        error.StatusCode.Should().Be(400);
        error.Param.Should().Be("load_balance_group.models[1].weight");
        error.Message.Should().Contain($"(got {shown})");
    }

    [Fact]
    public void Resolve_DeprecatedAliasInvalidWeight_NamesTheAliasField()
    {
        var error = Error(new RoutingRequest { InlineModels = [new("azure-eu/gpt-4o", double.NaN)], InlineFromDeprecatedAlias = true });

        error.Param.Should().Be("loadbalance_models[0].weight");
    }

    [Fact]
    public void Resolve_InlineAllZero_Is400InvalidWeight()
    {
        var error = Error(new RoutingRequest { InlineModels = [new("azure-eu/gpt-4o", 0), new("openai-main/gpt-4o", 0)] });

        error.Code.Should().Be(RoutingErrorCode.InvalidWeight);
        error.StatusCode.Should().Be(400);
        error.Param.Should().Be("load_balance_group.models");
        error.Message.Should().Contain("above 0");
    }

    [Fact]
    public void Resolve_InlineEmpty_Is400NoRoutableTarget()
    {
        var error = Error(new RoutingRequest { InlineModels = [], GroupId = TestData.MainGroup });

        error.Code.Should().Be(RoutingErrorCode.NoRoutableTarget);
        error.WireCode.Should().Be("no_routable_target");
        error.StatusCode.Should().Be(400);
    }

    [Fact]
    public void Resolve_InlineUnknownOrAmbiguousModel_Is400NamingThatEntry()
    {
        Error(new RoutingRequest { InlineModels = [new("azure-eu/gpt-4o", 1), new("nope", 1)] })
            .Should().Match<RoutingError>(e => e.Code == RoutingErrorCode.ModelNotFound && e.Param == "load_balance_group.models[1].model");
        Error(new RoutingRequest { InlineModels = [new("gpt-4o", 1)] })
            .Should().Match<RoutingError>(e => e.Code == RoutingErrorCode.AmbiguousModel && e.Param == "load_balance_group.models[0].model");
        Error(new RoutingRequest { InlineModels = [new($"group:{TestData.MainGroup}", 1)] })
            .Should().Match<RoutingError>(e => e.Code == RoutingErrorCode.InvalidModel && e.Param == "load_balance_group.models[0].model");
    }

    // Rule 3: group_id

    [Fact]
    public void Resolve_GroupId_RoutesByTheStoredGroup()
    {
        var plan = Plan(new RoutingRequest { GroupId = TestData.MainGroup });

        plan.Kind.Should().Be(RouteKind.Group);
        plan.WireTag.Should().Be("group");
        plan.Group!.Version.Should().Be(7);
        plan.Candidates.Should().BeSameAs(plan.Group.Targets);
    }

    [Fact]
    public void Resolve_UnknownGroupId_Is404()
    {
        var error = Error(new RoutingRequest { GroupId = "lbg_unknown00001" });

        error.Code.Should().Be(RoutingErrorCode.GroupNotFound);
        error.StatusCode.Should().Be(404);
        error.Param.Should().Be("load_balance_group.group_id");
    }

    [Fact]
    public void Resolve_AnotherOrganizationsGroupId_IsTheSame404AsAnUnknownOne()
    {
        const string foreignId = "lbg_foreign00001";
        var foreignConnection = TestData.Connection("c", orgId: TestData.OtherOrgId);
        var foreignGroup = TestData.Group(foreignId, "Theirs", TestData.Target(foreignConnection, "m"));
        foreignGroup.OrganizationId = TestData.OtherOrgId;
        OrganizationRoutes.Build(TestData.OtherOrgId, [foreignConnection], [foreignGroup]).GroupsByPublicId.Should().ContainKey(foreignId);

        var foreign = Error(new RoutingRequest { GroupId = foreignId });
        var unknown = Error(new RoutingRequest { GroupId = "lbg_unknown00001" });

        (foreign.Code, foreign.StatusCode, foreign.Param).Should().Be((unknown.Code, unknown.StatusCode, unknown.Param));
        foreign.Message.Replace(foreignId, "X", StringComparison.Ordinal).Should().Be(unknown.Message.Replace("lbg_unknown00001", "X", StringComparison.Ordinal));
    }

    // Rule 4: the key's default group

    [Fact]
    public void Resolve_NothingNamedButKeyHasDefaultGroup_RoutesByItAsKeyPolicy()
    {
        var plan = Plan(new RoutingRequest(), Policy(defaultGroup: TestData.SecondGroup));

        plan.Kind.Should().Be(RouteKind.KeyPolicy);
        plan.WireTag.Should().Be("key_policy");
        plan.Group!.PublicId.Should().Be(TestData.SecondGroup);
    }

    [Fact]
    public void Resolve_BlankModelAndKeyDefault_UsesTheDefault()
    {
        Plan(new RoutingRequest { Model = "  " }, Policy(defaultGroup: TestData.SecondGroup)).Kind.Should().Be(RouteKind.KeyPolicy);
    }

    [Fact]
    public void Resolve_GroupIdAndKeyDefault_GroupIdWins()
    {
        var plan = Plan(new RoutingRequest { GroupId = TestData.MainGroup }, Policy(defaultGroup: TestData.SecondGroup));

        plan.Kind.Should().Be(RouteKind.Group);
        plan.Group!.PublicId.Should().Be(TestData.MainGroup);
    }

    [Fact]
    public void Resolve_KeyDefaultGroupDeleted_Is404SayingSo()
    {
        var error = Error(new RoutingRequest(), Policy(defaultGroup: "lbg_deleted00001"));

        error.StatusCode.Should().Be(404);
        error.Message.Should().Contain("default group");
    }

    // Rule 5

    [Fact]
    public void Resolve_NothingAtAll_Is400ModelRequired()
    {
        var error = Error(new RoutingRequest());

        error.Code.Should().Be(RoutingErrorCode.ModelRequired);
        error.WireCode.Should().Be("model_required");
        error.StatusCode.Should().Be(400);
        error.Param.Should().Be("model");
    }

    // Policy

    [Fact]
    public void Resolve_GroupOutsideAllowedGroups_Is403ListingTheAllowedGroups()
    {
        var error = Error(new RoutingRequest { GroupId = TestData.MainGroup }, Policy(groups: [TestData.SecondGroup]));

        error.Code.Should().Be(RoutingErrorCode.GroupNotAllowed);
        error.WireCode.Should().Be("group_not_allowed");
        error.StatusCode.Should().Be(403);
        error.ErrorType.Should().Be("permission_error");
        error.Message.Should().Contain(TestData.MainGroup).And.Contain($"Allowed groups: {TestData.SecondGroup}");
    }

    [Fact]
    public void Resolve_GroupAsModelOutsideAllowedGroups_Is403()
    {
        Error(new RoutingRequest { Model = $"group:{TestData.MainGroup}" }, Policy(groups: [TestData.SecondGroup]))
            .Should().Match<RoutingError>(e => e.StatusCode == 403 && e.Param == "model");
    }

    [Fact]
    public void Resolve_InlineWithGroupIdOutsideAllowedGroups_Is403()
    {
        Error(new RoutingRequest { GroupId = TestData.MainGroup, InlineModels = [new("azure-eu/gpt-4o", 1)] }, Policy(groups: [TestData.SecondGroup]))
            .Code.Should().Be(RoutingErrorCode.GroupNotAllowed);
    }

    [Fact]
    public void Resolve_KeyDefaultGroupNotInAllowedGroups_IsStillAllowed()
    {
        Plan(new RoutingRequest(), Policy(defaultGroup: TestData.MainGroup, groups: [TestData.SecondGroup])).Kind.Should().Be(RouteKind.KeyPolicy);
    }

    [Fact]
    public void Resolve_DirectModelOutsideAllowedModels_Is403ListingTheAllowedModels()
    {
        var error = Error(new RoutingRequest { Model = "azure-eu/gpt-4o" }, Policy(models: ["openai-main/gpt-4o-mini"]));

        error.Code.Should().Be(RoutingErrorCode.ModelNotAllowed);
        error.WireCode.Should().Be("model_not_allowed");
        error.StatusCode.Should().Be(403);
        error.Param.Should().Be("model");
        error.Message.Should().Contain("azure-eu/gpt-4o").And.Contain("Allowed models: openai-main/gpt-4o-mini");
    }

    [Fact]
    public void Resolve_BareModelAllowedByItsQualifiedName_Passes()
    {
        Plan(new RoutingRequest { Model = "gpt-4o-mini" }, Policy(models: ["openai-main/gpt-4o-mini"])).Kind.Should().Be(RouteKind.Direct);
    }

    [Fact]
    public void Resolve_InlineModelOutsideAllowedModels_Is403NamingThatEntry()
    {
        var error = Error(
            new RoutingRequest { InlineModels = [new("openai-main/gpt-4o-mini", 1), new("azure-eu/gpt-4o", 1)] },
            Policy(models: ["openai-main/gpt-4o-mini"]));

        error.Code.Should().Be(RoutingErrorCode.ModelNotAllowed);
        error.Param.Should().Be("load_balance_group.models[1].model");
    }

    [Fact]
    public void Resolve_RequestFallbackOutsideAllowedModels_Is403NamingThatFallback()
    {
        var error = Error(
            new RoutingRequest { Model = "openai-main/gpt-4o-mini", FallbackModels = ["azure-eu/gpt-4o"] },
            Policy(models: ["openai-main/gpt-4o-mini"]));

        error.Code.Should().Be(RoutingErrorCode.ModelNotAllowed);
        error.Param.Should().Be("fallback_models[0]");
    }

    [Fact]
    public void Resolve_AllowedGroup_ItsTargetsAndFallbacksNeedNoModelPermission()
    {
        Plan(new RoutingRequest { GroupId = TestData.MainGroup }, Policy(groups: [TestData.MainGroup], models: ["together/x"]))
            .Fallbacks.Should().NotBeEmpty();
    }

    // Fallbacks

    [Fact]
    public void Resolve_GroupWithRequestFallbacks_GroupFallbacksThenRequestOnesDeduplicatedWithoutCandidates()
    {
        var plan = Plan(new RoutingRequest
        {
            GroupId = TestData.MainGroup,
            FallbackModels = ["openai-main/gpt-4o", "azure-eu/gpt-4o", "gpt-4o-mini", "meta-llama/Llama-3-8b", "together/meta-llama/Llama-3-8b"],
        });

        // openai-main/gpt-4o: already a group fallback; azure-eu/gpt-4o and gpt-4o-mini: candidates; the last: same as the one before.
        Names(plan.Fallbacks).Should().Equal("vllm-local/qwen2.5", "openai-main/gpt-4o", "together/meta-llama/Llama-3-8b");
    }

    [Fact]
    public void Resolve_DirectWithRequestFallbacks_ResolvesThemLikeModels()
    {
        var plan = Plan(new RoutingRequest { Model = "azure-eu/gpt-4o", FallbackModels = ["gpt-4o-mini", "azure-eu/gpt-4o"] });

        Names(plan.Fallbacks).Should().Equal("openai-main/gpt-4o-mini");
        plan.Fallbacks.Single().Weight.Should().Be(1);
    }

    [Fact]
    public void Resolve_InlineCandidateThatIsAlsoAGroupFallback_IsNotRepeatedAsFallback()
    {
        var plan = Plan(new RoutingRequest { GroupId = TestData.MainGroup, InlineModels = [new("openai-main/gpt-4o", 1)] });

        Names(plan.Fallbacks).Should().Equal("vllm-local/qwen2.5");
    }

    [Fact]
    public void Resolve_BareNameWhosePrefixIsASlug_GoesToThatConnection()
    {
        var (connections, groups) = TestData.Organization();
        var routes = OrganizationRoutes.Build(TestData.OrgId, [.. connections, TestData.Connection("meta-llama")], groups);

        var resolution = RequestResolver.Resolve(new RoutingRequest { Model = "meta-llama/Llama-3-8b" }, ApiKeyPolicy.Unrestricted, routes);

        resolution.TryGetPlan(out var plan, out _).Should().BeTrue();
        plan!.Candidates.Single().QualifiedName.Should().Be("meta-llama/Llama-3-8b");
        plan.Candidates.Single().Connection.Slug.Should().Be("meta-llama");
        plan.Candidates.Single().Model.Should().Be("Llama-3-8b");
    }

    [Fact]
    public void Resolve_Failure_TryGetPlanGivesTheError()
    {
        var resolution = Resolve(new RoutingRequest());

        resolution.TryGetPlan(out var plan, out var error).Should().BeFalse();
        plan.Should().BeNull();
        error!.Code.Should().Be(RoutingErrorCode.ModelRequired);
    }

    [Fact]
    public void Resolve_WeightZeroCandidate_MayStillServeAsFallback()
    {
        var plan = Plan(new RoutingRequest
        {
            InlineModels = [new("azure-eu/gpt-4o", 1), new("openai-main/gpt-4o", 0)],
            FallbackModels = ["openai-main/gpt-4o"],
        });

        Names(plan.Fallbacks).Should().Equal("openai-main/gpt-4o");
    }

    [Theory]
    [InlineData("nope", RoutingErrorCode.ModelNotFound)]
    [InlineData("gpt-4o", RoutingErrorCode.AmbiguousModel)]
    [InlineData("", RoutingErrorCode.InvalidModel)]
    [InlineData("group:lbg_main00000001", RoutingErrorCode.InvalidModel)]
    public void Resolve_BadRequestFallback_Is400NamingThatFallback(string fallback, RoutingErrorCode code)
    {
        var error = Error(new RoutingRequest { GroupId = TestData.MainGroup, FallbackModels = ["azure-eu/gpt-4o", fallback] });

        error.Code.Should().Be(code);
        error.StatusCode.Should().Be(400);
        error.Param.Should().Be("fallback_models[1]");
    }

    // Error codes

    [Theory]
    [InlineData(RoutingErrorCode.ModelRequired, "model_required", 400)]
    [InlineData(RoutingErrorCode.ModelNotFound, "model_not_found", 400)]
    [InlineData(RoutingErrorCode.AmbiguousModel, "ambiguous_model", 400)]
    [InlineData(RoutingErrorCode.InvalidModel, "invalid_model", 400)]
    [InlineData(RoutingErrorCode.GroupNotFound, "group_not_found", 404)]
    [InlineData(RoutingErrorCode.GroupNotAllowed, "group_not_allowed", 403)]
    [InlineData(RoutingErrorCode.ModelNotAllowed, "model_not_allowed", 403)]
    [InlineData(RoutingErrorCode.InvalidWeight, "invalid_weight", 400)]
    [InlineData(RoutingErrorCode.NoRoutableTarget, "no_routable_target", 400)]
    public void RoutingError_EveryCode_HasWireCodeAndStatus(RoutingErrorCode code, string wire, int status)
    {
        var error = new RoutingError(code, "m");

        error.WireCode.Should().Be(wire);
        error.StatusCode.Should().Be(status);
    }

    [Fact]
    public void RoutingErrorCode_AllValues_AreMapped()
    {
        foreach (var code in Enum.GetValues<RoutingErrorCode>())
        {
            code.ToWireCode().Should().NotBeNullOrEmpty();
            code.ToStatusCode().Should().BeOneOf(400, 403, 404);
        }
    }

    [Fact]
    public void RouteKind_AllValues_HaveWireTags()
    {
        Enum.GetValues<RouteKind>().Select(k => k.ToWireTag()).Should().Equal("direct", "inline", "group", "key_policy");
    }
}
