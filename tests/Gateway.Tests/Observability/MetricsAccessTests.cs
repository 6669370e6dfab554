using System.Net;
using Microsoft.AspNetCore.Http;
using Switchyard.Gateway.Observability;

namespace Switchyard.Gateway.Tests.Observability;

public sealed class MetricsAccessTests
{
    [Theory]
    [InlineData("127.0.0.1", false, MetricsAccess.Verdict.Allowed)]
    [InlineData("::1", false, MetricsAccess.Verdict.Allowed)]
    [InlineData("::ffff:127.0.0.1", false, MetricsAccess.Verdict.Allowed)]
    [InlineData("10.1.2.3", false, MetricsAccess.Verdict.LoopbackOnly)]
    [InlineData("203.0.113.9", false, MetricsAccess.Verdict.LoopbackOnly)]
    [InlineData("203.0.113.9", true, MetricsAccess.Verdict.Allowed)]
    public void Check_WithoutToken_ServesLoopbackOnlyUnlessRemoteIsAllowed(string remote, bool allowRemote, MetricsAccess.Verdict expected)
    {
        var context = Caller(remote, authorization: null);

        MetricsAccess.Check(context, new MetricsOptions { AllowRemote = allowRemote }).Should().Be(expected);
    }

    [Theory]
    [InlineData("203.0.113.9", "Bearer s3cret-token", MetricsAccess.Verdict.Allowed)]
    [InlineData("203.0.113.9", "bearer s3cret-token", MetricsAccess.Verdict.Allowed)]
    [InlineData("203.0.113.9", "Bearer s3cret-tokeN", MetricsAccess.Verdict.TokenRequired)]
    [InlineData("203.0.113.9", "Bearer s3cret-token-and-more", MetricsAccess.Verdict.TokenRequired)]
    [InlineData("203.0.113.9", "Basic czNjcmV0LXRva2Vu", MetricsAccess.Verdict.TokenRequired)]
    [InlineData("203.0.113.9", null, MetricsAccess.Verdict.TokenRequired)]
    [InlineData("127.0.0.1", null, MetricsAccess.Verdict.TokenRequired)]
    public void Check_WithToken_RequiresItFromEveryone(string remote, string? authorization, MetricsAccess.Verdict expected)
    {
        var context = Caller(remote, authorization);

        MetricsAccess.Check(context, new MetricsOptions { Token = "s3cret-token", AllowRemote = true }).Should().Be(expected);
    }

    [Fact]
    public async Task RefuseAsync_TokenRequired_Is401WithABearerChallenge()
    {
        var context = Caller("203.0.113.9", null);

        await MetricsAccess.RefuseAsync(context.Response, MetricsAccess.Verdict.TokenRequired);

        context.Response.StatusCode.Should().Be(401);
        context.Response.Headers.WWWAuthenticate.ToString().Should().Be("Bearer");
        Body(context).Should().Contain("Authorization: Bearer");
    }

    [Fact]
    public async Task RefuseAsync_LoopbackOnly_Is403AndSaysHowToOpenIt()
    {
        var context = Caller("203.0.113.9", null);

        await MetricsAccess.RefuseAsync(context.Response, MetricsAccess.Verdict.LoopbackOnly);

        context.Response.StatusCode.Should().Be(403);
        Body(context).Should().Contain("Metrics__Token").And.Contain("Metrics__AllowRemote");
    }

    private static DefaultHttpContext Caller(string remote, string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Response.Body = new MemoryStream();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }

    private static string Body(DefaultHttpContext context) =>
        System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
