using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Validation;

namespace Switchyard.Domain.Tests.Validation;

public sealed class GroupValidatorTests
{
    private readonly List<Connection> _connections = TestData.Connections();

    private Connection OpenAI => _connections[0];
    private Connection Azure => _connections[1];

    private LoadBalanceGroup ValidGroup() => TestData.Group("lbg_valid0000001", "Valid",
        TestData.Target(OpenAI, "gpt-4o-mini", 5),
        TestData.Target(Azure, "gpt-4o", 3));

    private IReadOnlyList<ValidationError> Validate(LoadBalanceGroup group) => GroupValidator.Validate(group, _connections);

    [Fact]
    public void Validate_ValidGroup_HasNoErrors()
    {
        var group = ValidGroup();
        group.StickyHashFields = ["metadata.user_id", "metadata.session-id", "messages.0.content"];
        group.FallbackModels = ["vllm-local/qwen", "together/meta-llama/Llama-3-8b"];
        group.RetryOnStatusCodes = [429, 500, 599];
        group.RequestTimeoutMs = 60_000;
        group.FirstByteTimeoutMs = 10_000;
        group.Targets[0].ParameterOverridesJson = """{"temperature": 0}""";
        group.Targets[0].RpmLimit = 100;

        Validate(group).Should().BeEmpty();
    }

    [Fact]
    public void Validate_TargetWithoutExplicitWeight_DefaultsToOneAndPasses()
    {
        var target = new GroupTarget { OrganizationId = TestData.OrgId, ConnectionId = OpenAI.Id, Model = "gpt-4o" };
        var group = TestData.Group("lbg_default00001", "Defaults", target);

        target.Weight.Should().Be(WeightRules.DefaultWeight).And.Be(1);
        group.StickyTtlSeconds.Should().Be(GroupRules.DefaultStickyTtlSeconds);
        Validate(group).Should().BeEmpty();
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    [InlineData(-2, "-2")]
    public void Validate_InvalidWeight_ErrorOnThatTargetsWeight(double weight, string shown)
    {
        var group = ValidGroup();
        group.Targets[1].Weight = weight;

        Validate(group).Should().ContainSingle().Which
            .Should().Be(new ValidationError("targets[1].weight", $"targets[1].weight must be a finite number ≥ 0 (got {shown})"));
    }

    [Fact]
    public void Validate_AllWeightsZero_ErrorOnTargets()
    {
        var group = ValidGroup();
        group.Targets.ForEach(t => t.Weight = 0);

        Validate(group).Should().ContainSingle().Which
            .Should().Be(new ValidationError("targets", "at least one target needs a weight above 0"));
    }

    [Fact]
    public void Validate_SomeWeightsZero_Passes()
    {
        var group = ValidGroup();
        group.Targets[0].Weight = 0;

        Validate(group).Should().BeEmpty();
    }

    [Fact]
    public void Validate_NoTargets_ErrorOnTargets()
    {
        var group = ValidGroup();
        group.Targets.Clear();

        Validate(group).Select(e => e.Field).Should().Equal("targets");
    }

    [Fact]
    public void Validate_DuplicateConnectionAndModel_ErrorOnTheLaterTarget()
    {
        var group = ValidGroup();
        group.Targets.Add(TestData.Target(OpenAI, "gpt-4o-mini", 1));

        var error = Validate(group).Should().ContainSingle().Subject;
        error.Field.Should().Be("targets[2].model");
        error.Message.Should().Contain("targets[0]");
    }

    [Fact]
    public void Validate_SameModelOnDifferentConnections_Passes()
    {
        var group = ValidGroup();
        group.Targets.Add(TestData.Target(OpenAI, "gpt-4o", 1));

        Validate(group).Should().BeEmpty();
    }

    [Fact]
    public void Validate_UnknownConnection_ErrorOnThatTargetsConnection()
    {
        var group = ValidGroup();
        group.Targets[1].ConnectionId = Guid.NewGuid();

        Validate(group).Select(e => e.Field).Should().Equal("targets[1].connection");
    }

    [Fact]
    public void Validate_ConnectionOfAnotherOrganization_ErrorOnConnection()
    {
        var foreign = TestData.Connection("foreign", orgId: TestData.OtherOrgId);
        var group = ValidGroup();
        group.Targets[0].ConnectionId = foreign.Id;

        GroupValidator.Validate(group, [.. _connections, foreign]).Select(e => e.Field).Should().Equal("targets[0].connection");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" gpt-4o")]
    public void Validate_BadModel_ErrorOnThatTargetsModel(string model)
    {
        var group = ValidGroup();
        group.Targets[0].Model = model;

        Validate(group).Select(e => e.Field).Should().Equal("targets[0].model");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_MissingName_ErrorOnName(string name)
    {
        var group = ValidGroup();
        group.Name = name;

        Validate(group).Should().ContainSingle().Which.Should().Be(new ValidationError("name", "name is required"));
    }

    [Fact]
    public void Validate_NameTooLong_ErrorOnName()
    {
        var group = ValidGroup();
        group.Name = new string('x', 101);

        Validate(group).Select(e => e.Field).Should().Equal("name");
        group.Name = new string('x', 100);
        Validate(group).Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(30 * 24 * 3600 + 1)]
    public void Validate_StickyTtlOutOfRange_ErrorOnStickyTtl(int ttl)
    {
        var group = ValidGroup();
        group.StickyTtlSeconds = ttl;

        Validate(group).Select(e => e.Field).Should().Equal("sticky.ttl");
    }

    [Fact]
    public void Validate_StickyTtlThirtyDays_Passes()
    {
        var group = ValidGroup();
        group.StickyTtlSeconds = 30 * 24 * 3600;

        Validate(group).Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("metadata.")]
    [InlineData(".user_id")]
    [InlineData("metadata..user_id")]
    [InlineData("metadata.user id")]
    [InlineData("metadata.user/id")]
    [InlineData("metadata['user_id']")]
    public void Validate_BadHashField_ErrorOnThatHashField(string path)
    {
        var group = ValidGroup();
        group.StickyHashFields = ["metadata.user_id", path];

        Validate(group).Select(e => e.Field).Should().Equal("sticky.hash_fields[1]");
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("unknown/gpt-4o")]
    [InlineData("openai-main/")]
    [InlineData("")]
    public void Validate_BadFallback_ErrorOnThatFallback(string fallback)
    {
        var group = ValidGroup();
        group.FallbackModels = ["azure-eu/gpt-4o", fallback];

        Validate(group).Select(e => e.Field).Should().Equal("fallbacks[1]");
    }

    [Fact]
    public void Validate_DuplicateFallback_ErrorOnTheLaterOne()
    {
        var group = ValidGroup();
        group.FallbackModels = ["azure-eu/gpt-4o", "azure-eu/gpt-4o"];

        Validate(group).Select(e => e.Field).Should().Equal("fallbacks[1]");
    }

    [Theory]
    [InlineData(399)]
    [InlineData(600)]
    [InlineData(200)]
    public void Validate_RetryStatusOutOfRange_ErrorOnThatCode(int code)
    {
        var group = ValidGroup();
        group.RetryOnStatusCodes = [429, code];

        Validate(group).Select(e => e.Field).Should().Equal("on_status_codes[1]");
    }

    [Fact]
    public void Validate_NonPositiveTimeouts_ErrorOnEach()
    {
        var group = ValidGroup();
        group.RequestTimeoutMs = 0;
        group.FirstByteTimeoutMs = -5;

        Validate(group).Select(e => e.Field).Should().Equal("request_timeout_ms", "first_byte_timeout_ms");
    }

    [Fact]
    public void Validate_FirstByteTimeoutAboveRequestTimeout_ErrorOnFirstByteTimeout()
    {
        var group = ValidGroup();
        group.RequestTimeoutMs = 1_000;
        group.FirstByteTimeoutMs = 2_000;

        Validate(group).Select(e => e.Field).Should().Equal("first_byte_timeout_ms");
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("{not json")]
    [InlineData("""{"model": "x"}""")]
    [InlineData("""{"stream": false}""")]
    public void Validate_BadParameterOverrides_ErrorOnOverrides(string json)
    {
        var group = ValidGroup();
        group.Targets[1].ParameterOverridesJson = json;

        Validate(group).Select(e => e.Field).Should().Equal("targets[1].parameter_overrides");
    }

    [Fact]
    public void Validate_NonPositiveLimits_ErrorOnEach()
    {
        var group = ValidGroup();
        group.Targets[0].RpmLimit = 0;
        group.Targets[0].TpmLimit = -1;

        Validate(group).Select(e => e.Field).Should().Equal("targets[0].rpm_limit", "targets[0].tpm_limit");
    }

    [Fact]
    public void Validate_UndefinedStrategy_ErrorOnStrategy()
    {
        var group = ValidGroup();
        group.Strategy = (RoutingStrategy)42;

        Validate(group).Select(e => e.Field).Should().Equal("strategy");
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllOfThem()
    {
        var group = ValidGroup();
        group.Name = "";
        group.Targets[0].Weight = double.NaN;
        group.Targets[1].Weight = 0;
        group.Targets[1].ConnectionId = Guid.NewGuid();

        Validate(group).Select(e => e.Field).Should().BeEquivalentTo("name", "targets[0].weight", "targets[1].connection", "targets");
    }
}
