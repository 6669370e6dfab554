using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests.Routing;

public sealed class ModelNameTests
{
    private static readonly HashSet<string> Slugs = ["openai-main", "together"];

    [Theory]
    [InlineData("openai-main/gpt-4o", "openai-main", "gpt-4o")]
    [InlineData("together/meta-llama/Llama-3-8b", "together", "meta-llama/Llama-3-8b")]
    [InlineData("meta-llama/Llama-3-8b", null, "meta-llama/Llama-3-8b")]
    [InlineData("gpt-4o", null, "gpt-4o")]
    [InlineData("/gpt-4o", null, "/gpt-4o")]
    [InlineData("openai-main/", "openai-main", "")]
    public void Parse_SplitsAtFirstSlashOnlyForKnownSlugs(string value, string? slug, string model)
    {
        var name = ModelName.Parse(value, Slugs.Contains);

        name.Slug.Should().Be(slug);
        name.Model.Should().Be(model);
        name.IsQualified.Should().Be(slug is not null);
        name.ToString().Should().Be(value);
    }

    [Fact]
    public void Default_HasEmptyModel()
    {
        default(ModelName).Model.Should().BeEmpty();
    }

    [Fact]
    public void LookupModel_QualifiedWithUnlistedModel_IsFound()
    {
        var lookup = TestData.Routes().LookupModel("vllm-local/anything-at-all");

        lookup.Status.Should().Be(ModelLookupStatus.Found);
        lookup.Target!.QualifiedName.Should().Be("vllm-local/anything-at-all");
        lookup.Target.Weight.Should().Be(1);
    }

    [Fact]
    public void LookupModel_BareNameServedByOne_IsFound()
    {
        TestData.Routes().LookupModel("gpt-4o-mini").Target!.QualifiedName.Should().Be("openai-main/gpt-4o-mini");
    }

    [Fact]
    public void LookupModel_BareNameServedBySeveral_IsAmbiguousWithSortedCandidates()
    {
        var lookup = TestData.Routes().LookupModel("gpt-4o");

        lookup.Status.Should().Be(ModelLookupStatus.Ambiguous);
        lookup.Candidates.Should().Equal("azure-eu/gpt-4o", "openai-main/gpt-4o");
    }

    [Theory]
    [InlineData("claude-3")]
    [InlineData("unknown/gpt-4o")]
    public void LookupModel_Unknown_IsNotFound(string name)
    {
        TestData.Routes().LookupModel(name).Status.Should().Be(ModelLookupStatus.NotFound);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("openai-main/")]
    public void LookupModel_EmptyOrSlugOnly_IsInvalid(string? name)
    {
        TestData.Routes().LookupModel(name).Status.Should().Be(ModelLookupStatus.Invalid);
    }
}
