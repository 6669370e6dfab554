using Microsoft.AspNetCore.Hosting;

namespace Switchyard.Web.Tests;

public sealed class WebAppTests
{
    /// <summary>The dashboard refuses to build without a database; these tests never open it.</summary>
    private const string UnusedDatabase = "--ConnectionStrings:Postgres=Host=127.0.0.1;Database=unused";

    private static readonly string[] _addressVariables =
        ["ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTPS_PORTS"];

    [SkippableFact]
    public async Task Build_WithoutConfiguredAddress_ListensOnLoopbackPort5080()
    {
        var variable = _addressVariables.FirstOrDefault(name => Environment.GetEnvironmentVariable(name) is not null);
        Skip.If(variable is not null, $"{variable} is set in this environment and rightly overrides the default.");

        await using var app = WebApp.Build([UnusedDatabase]);

        app.Configuration[WebHostDefaults.ServerUrlsKey].Should().Be("http://127.0.0.1:5080").And.Be(WebApp.DefaultUrl);
    }

    [Fact]
    public async Task Build_WithUrlsArgument_KeepsIt()
    {
        await using var app = WebApp.Build(["--urls", "http://127.0.0.1:5999", UnusedDatabase]);

        app.Configuration[WebHostDefaults.ServerUrlsKey].Should().Be("http://127.0.0.1:5999");
    }
}
