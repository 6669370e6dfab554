using System.Net;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Functional;

[Collection(SharedGateway.Name)]
public sealed class PrecedenceTests(GatewayFixture gateway)
{
    [Fact]
    public async Task GroupId_RoutesThroughTheStoredGroup_WithAllHeaders()
    {
        using var response = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.SplitGroupId}\"}}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = await response.ReadJsonAsync();
        json.GetProperty("object").GetString().Should().Be("chat.completion");
        json.GetProperty("model").GetString().Should().Be("gpt-4o-mini", "the gateway rewrites model to the target's model");
        response.Header(GatewayHeaders.RequestId).Should().StartWith("req_");
        response.Header(GatewayHeaders.Group).Should().Be($"{gateway.SplitGroupId};v=1");
        response.Header(GatewayHeaders.Target).Should().BeOneOf("alpha/gpt-4o-mini", "beta/gpt-4o-mini");
        response.Header(GatewayHeaders.Route).Should().Be("group,weighted");
        response.Header(GatewayHeaders.Attempts).Should().Be("1");
    }

    [Fact]
    public async Task Model_OverridesTheGroupInTheSameRequest()
    {
        using var response = await gateway.ChatAsync($"\"model\":\"beta/only-beta\",\"load_balance_group\":{{\"group_id\":\"{gateway.SplitGroupId}\"}}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Header(GatewayHeaders.Target).Should().Be("beta/only-beta");
        response.Header(GatewayHeaders.Route).Should().StartWith("direct");
        response.Header(GatewayHeaders.Group).Should().BeEmpty();
        (await response.ReadJsonAsync()).GetProperty("model").GetString().Should().Be("only-beta");
    }

    [Fact]
    public async Task BareModelName_ResolvesThroughTheCatalog_WhenExactlyOneConnectionServesIt()
    {
        using var response = await gateway.ChatAsync("\"model\":\"only-beta\"");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Header(GatewayHeaders.Target).Should().Be("beta/only-beta");
    }

    [Fact]
    public async Task InlineModels_OverrideTheStoredTargets_ButKeepTheGroup()
    {
        using var response = await gateway.ChatAsync(
            $"\"load_balance_group\":{{\"group_id\":\"{gateway.SplitGroupId}\",\"models\":[{{\"model\":\"beta/inline-model\",\"weight\":2}}]}}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Header(GatewayHeaders.Target).Should().Be("beta/inline-model");
        response.Header(GatewayHeaders.Route).Should().StartWith("inline");
        response.Header(GatewayHeaders.Group).Should().StartWith(gateway.SplitGroupId);
        response.Header(GatewayHeaders.Deprecation).Should().BeEmpty();
    }

    [Fact]
    public async Task DeprecatedLoadbalanceModels_IsAccepted_WithADeprecationHeader()
    {
        using var response = await gateway.ChatAsync("\"loadbalance_models\":[{\"model\":\"alpha/gpt-4o-mini\",\"weight\":1}]");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Header(GatewayHeaders.Target).Should().Be("alpha/gpt-4o-mini");
        response.Header(GatewayHeaders.Deprecation).Should().Be("true");
    }

    [Theory]
    [InlineData("group:{0}")]
    [InlineData("{0}")]
    public async Task GroupAsModelName_RoutesByThatGroup(string pattern)
    {
        using var response = await gateway.ChatAsync($"\"model\":\"{string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, gateway.SplitGroupId)}\"");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Header(GatewayHeaders.Group).Should().StartWith(gateway.SplitGroupId);
        response.Header(GatewayHeaders.Route).Should().StartWith("group");
    }

    [Fact]
    public async Task KeyPolicyDefaultGroup_IsUsed_WhenTheRequestNamesNothing()
    {
        using var response = await gateway.ChatAsync(string.Empty, gateway.DefaultGroupKey);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Header(GatewayHeaders.Route).Should().StartWith("key_policy");
        response.Header(GatewayHeaders.Group).Should().StartWith(gateway.SplitGroupId);
    }

    [Fact]
    public async Task NothingNamed_AndNoDefaultGroup_IsModelRequired()
    {
        using var response = await gateway.ChatAsync(string.Empty);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadErrorAsync()).Code.Should().Be("model_required");
    }

    [Fact]
    public async Task FallbackModels_ServeWhenTheChosenTargetFails()
    {
        using var response = await gateway.ChatAsync("\"model\":\"broken1/gpt-4o-mini\",\"fallback_models\":[\"alpha/gpt-4o-mini\"]");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Header(GatewayHeaders.Target).Should().Be("alpha/gpt-4o-mini");
        response.Header(GatewayHeaders.Fallback).Should().Be("true");
        response.Header(GatewayHeaders.Attempts).Should().Be("2");
        response.Header(GatewayHeaders.Route).Should().Be("direct,fallback_after=503");
    }

    [Fact]
    public async Task ModelsEndpoint_ListsCatalogModelsAndGroups_OfTheCallersOrganizationOnly()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new("Bearer", gateway.Key);
        using var response = await gateway.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var ids = (await response.ReadJsonAsync()).GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        ids.Should().Contain(["alpha/gpt-4o-mini", "beta/only-beta", $"group:{gateway.SplitGroupId}"]);
        ids.Should().NotContain($"group:{gateway.OtherGroupId}");
    }

    [Fact]
    public async Task ModelsEndpoint_RespectsTheKeysPolicy()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Add("x-api-key", gateway.RestrictedKey);
        using var response = await gateway.Http.SendAsync(request);

        var ids = (await response.ReadJsonAsync()).GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        ids.Should().BeEquivalentTo(["alpha/gpt-4o-mini", $"group:{gateway.SplitGroupId}"]);
    }
}
