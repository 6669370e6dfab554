using System.Net;
using Switchyard.Web.Tests.Infrastructure;

namespace Switchyard.Web.Tests;

public sealed class HealthEndpointTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Live_WhileRunning_ReturnsOkAsPlainText()
    {
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri("health/live", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        (await response.Content.ReadAsStringAsync()).Should().Be("ok");
    }
}
