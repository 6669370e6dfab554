using Switchyard.Data;
using Switchyard.Data.Migrations;
using Switchyard.Data.Seeding;

namespace Switchyard.Gateway.Commands;

/// <summary>
/// One-shot commands run by <c>./run.sh</c> and operators: <c>migrate</c> applies the schema;
/// <c>seed-demo</c> migrates, creates or updates the demo organization and prints its details as
/// <c>KEY=value</c> lines (the format of <c>.data/demo.env</c>). Settings come from the usual configuration
/// (environment variables), plus <c>SWITCHYARD_DEMO_PASSWORD</c>, <c>SWITCHYARD_DEMO_API_KEY</c> (an existing key to keep)
/// <c>SWITCHYARD_MOCK_URL</c> (the built-in mock, default <c>http://127.0.0.1:9090</c>) and <c>SWITCHYARD_DEMO_UPSTREAM</c>
/// (another OpenAI-compatible base URL for the demo connections instead of the mock).
/// </summary>
public static class GatewayCommands
{
    public static bool IsCommand(string arg) => arg is "migrate" or "seed-demo";

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSwitchyardData(builder.Configuration);
        builder.Services.AddScoped<DemoSeeder>();
        using var host = builder.Build();

        await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
        if (args[0] == "migrate")
        {
            return 0;
        }

        var password = Environment.GetEnvironmentVariable("SWITCHYARD_DEMO_PASSWORD");
        if (string.IsNullOrWhiteSpace(password))
        {
            await Console.Error.WriteLineAsync("seed-demo needs SWITCHYARD_DEMO_PASSWORD.");
            return 2;
        }

        var options = new DemoSeedOptions
        {
            Password = password,
            ExistingApiKey = Environment.GetEnvironmentVariable("SWITCHYARD_DEMO_API_KEY"),
            Upstream = Environment.GetEnvironmentVariable("SWITCHYARD_DEMO_UPSTREAM") is { Length: > 0 } upstream ? upstream : null,
            MockUrl = Environment.GetEnvironmentVariable("SWITCHYARD_MOCK_URL") is { Length: > 0 } mock ? mock : "http://127.0.0.1:9090",
        };

        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(options);
        Console.WriteLine($"SWITCHYARD_DEMO_ORGANIZATION_ID={result.OrganizationId}");
        Console.WriteLine($"SWITCHYARD_DEMO_GROUP_ID={result.GroupId}");
        Console.WriteLine($"SWITCHYARD_DEMO_FLAKY_GROUP_ID={result.FlakyGroupId}");
        Console.WriteLine($"SWITCHYARD_DEMO_EMAIL={result.Email}");
        Console.WriteLine($"SWITCHYARD_DEMO_PASSWORD={result.Password}");
        Console.WriteLine($"SWITCHYARD_DEMO_API_KEY={result.ApiKey}");
        return 0;
    }
}
