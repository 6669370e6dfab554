using Switchyard.Domain.Providers;
using Switchyard.Web.Features.Connections;

namespace Switchyard.Web.Tests.Connections;

public sealed class ConnectionFormValidatorTests
{
    [Fact]
    public void Validate_CompleteForm_ReadsEveryField()
    {
        var form = new ConnectionForm
        {
            Slug = " openai-main ",
            Kind = ProviderKind.OpenAI,
            BaseUrl = "https://api.openai.com/v1/",
            Secret = " sk-abc ",
            Models = "gpt-4o-mini,\ngpt-4o",
            InputPricePerMillion = "0.15",
            OutputPricePerMillion = "0.6",
        };

        var (values, errors) = ConnectionFormValidator.Validate(form, secretRequired: true);

        errors.Should().BeEmpty();
        values.Should().BeEquivalentTo(new ConnectionValues("openai-main", ProviderKind.OpenAI, "https://api.openai.com/v1", "sk-abc", null, null, null,
            ["gpt-4o-mini", "gpt-4o"], 0.15m, 0.6m));
    }

    [Fact]
    public void Validate_AzureWithResourceOnly_DerivesTheBaseUrl()
    {
        var form = new ConnectionForm { Slug = "azure-eu", Kind = ProviderKind.AzureOpenAI, AzureResource = "my-res", AzureDeployment = "gpt4o", Secret = "k" };

        var (values, errors) = ConnectionFormValidator.Validate(form, secretRequired: true);

        errors.Should().BeEmpty();
        values!.BaseUrl.Should().Be("https://my-res.openai.azure.com");
        values.AzureDeployment.Should().Be("gpt4o");
    }

    [Fact]
    public void Validate_EverythingWrong_NamesEachField()
    {
        var form = new ConnectionForm
        {
            Slug = "Not A Slug",
            Kind = ProviderKind.OpenAI,
            BaseUrl = "ftp://user:pw@example.com",
            Models = "a, a",
            InputPricePerMillion = "-1",
            OutputPricePerMillion = "cheap",
        };

        var (values, errors) = ConnectionFormValidator.Validate(form, secretRequired: true);

        values.Should().BeNull();
        errors.Select(e => e.Field).Should().BeEquivalentTo("slug", "base_url", "secret", "models", "input_price", "output_price");
    }

    [Fact]
    public void Validate_OpenAICompatibleWithoutKey_IsFine()
    {
        var form = new ConnectionForm { Slug = "ollama", Kind = ProviderKind.OpenAICompatible, BaseUrl = "http://localhost:11434/v1" };

        ConnectionFormValidator.Validate(form, secretRequired: true).Errors.Should().BeEmpty();
    }
}
