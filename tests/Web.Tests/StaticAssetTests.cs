using System.Net;
using System.Text.RegularExpressions;
using Switchyard.Web.Tests.Infrastructure;

namespace Switchyard.Web.Tests;

/// <summary>The assets the SDK no longer supplies here (blazor.web.js) and the ones packages supply (BootstrapBlazor).</summary>
public sealed partial class StaticAssetTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task BlazorWebScript_AtWellKnownPath_IsServedAsJavaScript()
    {
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri("_framework/blazor.web.js", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        var script = await response.Content.ReadAsStringAsync();
        script.Should().Contain("Blazor").And.Contain("components-reconnect-modal");
    }

    [Fact]
    public async Task HomePage_ReferencesFingerprintedBlazorScript_ThatIsServed()
    {
        using var client = server.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        var match = BlazorScriptTag().Match(html);

        match.Success.Should().BeTrue("App.razor loads the script through @Assets, which fingerprints it");
        using var response = await client.GetAsync(new Uri(match.Groups["src"].Value, UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
    }

    [Theory]
    [InlineData("_content/BootstrapBlazor/css/bootstrap.blazor.bundle.min.css", "text/css")]
    [InlineData("_content/BootstrapBlazor/js/bootstrap.blazor.bundle.min.js", "text/javascript")]
    [InlineData("_content/BootstrapBlazor.FontAwesome/css/font-awesome.min.css", "text/css")]
    [InlineData("app.css", "text/css")]
    public async Task PackageAndAppAssets_AreServed(string path, string mediaType)
    {
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
    }

    [GeneratedRegex("""<script src="(?<src>_framework/blazor\.web\.[a-z0-9]+\.js)"></script>""")]
    private static partial Regex BlazorScriptTag();
}
