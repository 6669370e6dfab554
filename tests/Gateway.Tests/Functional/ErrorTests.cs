using System.Net;
using System.Net.Http.Headers;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Functional;

[Collection(SharedGateway.Name)]
public sealed class ErrorTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("{not json", "invalid_json", null)]
    [InlineData("[1,2]", "invalid_json", null)]
    [InlineData("{\"model\": 42}", "invalid_type", "model")]
    [InlineData("{\"load_balance_group\": \"lbg_x\"}", "invalid_type", "load_balance_group")]
    [InlineData("{\"load_balance_group\": {\"models\": [{\"model\": \"alpha/gpt-4o-mini\", \"weight\": \"NaN\"}]}}", "invalid_weight", "load_balance_group.models[0].weight")]
    [InlineData("{\"load_balance_group\": {\"models\": [{\"model\": \"alpha/gpt-4o-mini\", \"weight\": -1}]}}", "invalid_weight", "load_balance_group.models[0].weight")]
    [InlineData("{\"load_balance_group\": {\"models\": [{\"model\": \"alpha/gpt-4o-mini\", \"weight\": 0}]}}", "invalid_weight", null)]
    [InlineData("{\"model\": \"nope/gpt-4o-mini\"}", "model_not_found", "model")]
    [InlineData("{\"model\": \"shared-model\"}", "ambiguous_model", "model")]
    public async Task BadInput_Is400_InTheOpenAIErrorShape(string body, string code, string? param)
    {
        using var response = await gateway.Http.SendAsync(gateway.Post("/v1/chat/completions", body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = await response.ReadErrorAsync();
        error.Code.Should().Be(code);
        error.Type.Should().Be("invalid_request_error");
        if (param is not null)
        {
            error.Param.Should().Be(param);
        }

        response.Header(GatewayHeaders.RequestId).Should().StartWith("req_");
    }

    [Fact]
    public async Task AmbiguousModel_ListsTheCandidates()
    {
        using var response = await gateway.ChatAsync("\"model\":\"shared-model\"");

        (await response.ReadErrorAsync()).Message.Should().Contain("alpha/shared-model").And.Contain("beta/shared-model");
    }

    [Fact]
    public async Task MissingKey_Is401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent("{}") };
        using var response = await gateway.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.ReadErrorAsync()).Code.Should().Be("missing_api_key");
    }

    [Theory]
    [InlineData("sk-swy-thisisnotarealkey000000000000000000000000")]
    [InlineData("garbage")]
    public async Task WrongKey_Is401(string key)
    {
        using var response = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.SplitGroupId}\"}}", key);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.ReadErrorAsync()).Code.Should().Be("invalid_api_key");
    }

    [Fact]
    public async Task RevokedKey_Is401()
    {
        using var response = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.SplitGroupId}\"}}", gateway.RevokedKey);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.ReadErrorAsync()).Code.Should().Be("revoked_api_key");
    }

    [Fact]
    public async Task GroupOutsideTheKeysPolicy_Is403_AndSaysWhatIsAllowed()
    {
        using var response = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.BrokenGroupId}\"}}", gateway.RestrictedKey);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var error = await response.ReadErrorAsync();
        error.Code.Should().Be("group_not_allowed");
        error.Type.Should().Be("permission_error");
        error.Message.Should().Contain(gateway.SplitGroupId);
    }

    [Fact]
    public async Task ModelOutsideTheKeysPolicy_Is403()
    {
        using var response = await gateway.ChatAsync("\"model\":\"beta/gpt-4o-mini\"", gateway.RestrictedKey);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var error = await response.ReadErrorAsync();
        error.Code.Should().Be("model_not_allowed");
        error.Message.Should().Contain("alpha/gpt-4o-mini");
    }

    [Fact]
    public async Task UnknownGroup_And_AnotherOrganizationsGroup_AnswerIdentically_404()
    {
        using var unknown = await gateway.ChatAsync("\"load_balance_group\":{\"group_id\":\"lbg_doesnotexist1\"}");
        using var foreign = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.OtherGroupId}\"}}");

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var unknownError = await unknown.ReadErrorAsync();
        var foreignError = await foreign.ReadErrorAsync();
        unknownError.Code.Should().Be("group_not_found");
        foreignError.Code.Should().Be(unknownError.Code);
        foreignError.Type.Should().Be(unknownError.Type);
        foreignError.Message.Replace(gateway.OtherGroupId, "ID", StringComparison.Ordinal)
            .Should().Be(unknownError.Message.Replace("lbg_doesnotexist1", "ID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413()
    {
        var big = new string('a', 17 * 1024 * 1024);
        using var request = gateway.Post("/v1/chat/completions", "{\"model\":\"alpha/gpt-4o-mini\",\"pad\":\"" + big + "\"}");

        // A well-behaved client asks before sending 17 MiB; the gateway refuses from the Content-Length alone.
        request.Headers.ExpectContinue = true;
        using var response = await gateway.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.ReadErrorAsync()).Code.Should().Be("request_too_large");
    }

    [Fact]
    public async Task EveryTargetFailing_Is502_ListingWhatWasTried_WithoutSecrets()
    {
        using var response = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.BrokenGroupId}\"}}");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        var error = await response.ReadErrorAsync();
        error.Code.Should().Be("all_targets_failed");
        error.Message.Should().Contain("broken1/gpt-4o-mini: 503").And.Contain("broken2/gpt-4o-mini: 500");
        error.Message.Should().NotContain("sk-");
        response.Header(GatewayHeaders.Attempts).Should().Be("2");
    }

    [Fact]
    public async Task EveryTargetTimingOut_Is504()
    {
        using var response = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.SlowGroupId}\"}}");

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        (await response.ReadErrorAsync()).Code.Should().Be("upstream_timeout");
    }

    [Fact]
    public async Task EveryTargetRateLimited_Is429_WithRetryAfter()
    {
        using var response = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.RateLimitedGroupId}\"}}");

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await response.ReadErrorAsync()).Code.Should().Be("upstream_rate_limited");
        response.Headers.RetryAfter.Should().NotBeNull();
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task UnknownEndpoint_Is404_InTheOpenAIShape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/nope") { Content = new StringContent("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Key);
        using var response = await gateway.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadErrorAsync()).Code.Should().Be("unknown_endpoint");
    }
}
