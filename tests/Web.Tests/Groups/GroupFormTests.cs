using Switchyard.Domain.Routing;
using Switchyard.Web.Features.Groups;

namespace Switchyard.Web.Tests.Groups;

public sealed class GroupFormTests
{
    private static readonly Guid _org = Guid.CreateVersion7();
    private static readonly ConnectionChoice _alpha = new(Guid.CreateVersion7(), "alpha", Domain.Providers.ProviderKind.OpenAICompatible, ["gpt-4o-mini"]);
    private static readonly ConnectionChoice _beta = new(Guid.CreateVersion7(), "beta", Domain.Providers.ProviderKind.OpenAICompatible, []);

    private static GroupForm Form(params (ConnectionChoice Connection, string Model, string Weight)[] targets) => new()
    {
        Name = "chat",
        Targets = [.. targets.Select(t => new TargetRow { ConnectionId = t.Connection.Id, Model = t.Model, Weight = t.Weight })],
    };

    [Fact]
    public void ReadableWeights_ThreeAndOne_NormalizeToSeventyFiveAndTwentyFive()
    {
        var form = Form((_alpha, "a", "3"), (_beta, "b", "1"));

        WeightShares.Normalize(form.ReadableWeights()).Should().Equal(0.75, 0.25);
    }

    [Fact]
    public void ReadableWeights_HalfTypedOrInvalid_CountAsZeroSoSharesStayMeaningful()
    {
        var form = Form((_alpha, "a", "3"), (_beta, "b", "1"), (_alpha, "c", "abc"), (_beta, "d", "-2"), (_alpha, "e", "NaN"), (_beta, "f", ""));

        form.ReadableWeights().Should().Equal(3, 1, 0, 0, 0, 0);
    }

    [Fact]
    public void Validate_ValidForm_HasNoErrors()
    {
        var errors = GroupFormValidator.Validate(Form((_alpha, "gpt-4o-mini", "3"), (_beta, "gpt-4o", "1")), _org, [_alpha, _beta], out var group);

        errors.Should().BeEmpty();
        group.Targets.Select(t => t.Weight).Should().Equal(3, 1);
        group.Targets.Select(t => t.Position).Should().Equal(0, 1);
    }

    [Fact]
    public void Validate_WeightThatIsNotANumber_IsReportedOnceInThatWeightsField()
    {
        var errors = GroupFormValidator.Validate(Form((_alpha, "a", "3"), (_beta, "b", "1x")), _org, [_alpha, _beta], out _);

        errors.Should().ContainSingle().Which.Should().Be(new Domain.Validation.ValidationError("targets[1].weight", "targets[1].weight must be a number ≥ 0 (got '1x')"));
    }

    [Theory]
    [InlineData("-1", "got -1")]
    [InlineData("NaN", "got NaN")]
    [InlineData("Infinity", "got Infinity")]
    public void Validate_NegativeOrNonFiniteWeight_NamesTheField(string weight, string expected)
    {
        var errors = GroupFormValidator.Validate(Form((_alpha, "a", "3"), (_beta, "b", weight)), _org, [_alpha, _beta], out _);

        errors.Should().ContainSingle(e => e.Field == "targets[1].weight").Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Validate_AllWeightsZero_IsAGroupLevelError()
    {
        var errors = GroupFormValidator.Validate(Form((_alpha, "a", "0"), (_beta, "b", "0")), _org, [_alpha, _beta], out _);

        errors.Should().ContainSingle().Which.Field.Should().Be("targets");
    }

    [Fact]
    public void Validate_DuplicateTarget_PointsAtTheRepeat()
    {
        var errors = GroupFormValidator.Validate(Form((_alpha, "a", "1"), (_alpha, "a", "2")), _org, [_alpha], out _);

        errors.Should().ContainSingle().Which.Should().Match<Domain.Validation.ValidationError>(e =>
            e.Field == "targets[1].model" && e.Message.Contains("repeats targets[0]"));
    }

    [Fact]
    public void Validate_ConnectionOfNoneOfTheChoices_IsUnknown()
    {
        var stranger = new ConnectionChoice(Guid.CreateVersion7(), "stranger", Domain.Providers.ProviderKind.OpenAI, []);

        var errors = GroupFormValidator.Validate(Form((stranger, "a", "1")), _org, [_alpha], out _);

        errors.Should().ContainSingle().Which.Field.Should().Be("targets[0].connection");
    }

    [Fact]
    public void Validate_NoTargetsAndNoName_ReportsBoth()
    {
        var form = new GroupForm { Name = "  " };

        var errors = GroupFormValidator.Validate(form, _org, [_alpha], out _);

        errors.Select(e => e.Field).Should().BeEquivalentTo("name", "targets");
    }

    [Fact]
    public void Validate_ListsAndNumbers_AreReadFromText()
    {
        var form = Form((_alpha, "a", "1"));
        form.StickyHashFields = "metadata.user_id, metadata.session_id";
        form.StickyTtlSeconds = "600";
        form.FallbackModels = "alpha/gpt-4o-mini";
        form.RetryOnStatusCodes = "429, 503";
        form.RequestTimeoutMs = "30000";
        form.FirstByteTimeoutMs = "5000";

        var errors = GroupFormValidator.Validate(form, _org, [_alpha], out var group);

        errors.Should().BeEmpty();
        group.StickyHashFields.Should().Equal("metadata.user_id", "metadata.session_id");
        group.StickyTtlSeconds.Should().Be(600);
        group.FallbackModels.Should().Equal("alpha/gpt-4o-mini");
        group.RetryOnStatusCodes.Should().Equal(429, 503);
        group.RequestTimeoutMs.Should().Be(30000);
        group.FirstByteTimeoutMs.Should().Be(5000);
    }

    [Fact]
    public void Validate_BadListItems_AreReportedPerItem()
    {
        var form = Form((_alpha, "a", "1"));
        form.StickyHashFields = "metadata.user_id, bad path";
        form.FallbackModels = "nosuch/model";
        form.RetryOnStatusCodes = "503, abc, 200";
        form.StickyTtlSeconds = "soon";

        var errors = GroupFormValidator.Validate(form, _org, [_alpha], out _);

        errors.Select(e => e.Field).Should().BeEquivalentTo(
            "sticky.hash_fields[1]", "fallbacks[0]", "on_status_codes[1]", "on_status_codes[2]", "sticky.ttl");
    }
}
