using System.Text;
using System.Text.RegularExpressions;
using Switchyard.MockProvider;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Scheduling;

/// <summary>
/// A throwaway database seeded by the gateway's own <c>seed-demo</c> command, its demo group on an in-process mock
/// provider: what <see cref="GatewayProcess"/> serves. One per test class.
/// </summary>
public sealed class DemoDatabase : IAsyncLifetime
{
    private PostgresDatabase? _database;

    public MockProviderServer Mock { get; private set; } = null!;
    public string ConnectionString => _database!.ConnectionString;
    public string ApiKey { get; private set; } = null!;
    public string GroupId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("sched");
        Mock = await MockProviderServer.StartAsync();
        var output = new StringBuilder();
        using var seed = GatewayProcess.Run(["seed-demo"], new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = _database.ConnectionString,
            ["SWITCHYARD_DEMO_PASSWORD"] = "demo-password-for-tests",
            ["SWITCHYARD_MOCK_URL"] = Mock.BaseUri.ToString().TrimEnd('/'),
        }, output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await seed.WaitForExitAsync(timeout.Token);
        seed.WaitForExit(); // the asynchronous output readers are done only after this overload returns
        var text = output.ToString();
        seed.ExitCode.Should().Be(0, text);
        ApiKey = Value(text, "SWITCHYARD_DEMO_API_KEY");
        GroupId = Value(text, "SWITCHYARD_DEMO_GROUP_ID");
    }

    public async Task DisposeAsync()
    {
        await Mock.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static string Value(string output, string name)
    {
        var match = Regex.Match(output, $"^{name}=(\\S+)$", RegexOptions.Multiline);
        match.Success.Should().BeTrue($"seed-demo should print {name}:\n{output}");
        return match.Groups[1].Value;
    }
}
