using System.Diagnostics;
using System.Globalization;

namespace Switchyard.Gateway.Tests.Scheduling;

/// <summary>
/// The runtime settings of Gateway.csproj reach the gateway's own process, as the runtime applied them: the start-up
/// line reads them back from the GC, so a setting the runtime does not recognise (a misspelt name is silently
/// ignored) shows as its default here.
/// </summary>
public sealed class RuntimeSettingsTests(DemoDatabase demo) : IClassFixture<DemoDatabase>
{
    private static readonly Dictionary<string, string> ShowRuntimeLine = new()
    {
        [$"Logging__LogLevel__{RuntimeSettings.LoggerCategory}"] = "Information",
    };

    [Fact]
    public async Task ByDefault_Gen0IsCappedAndSocketCompletionsAreInline()
    {
        await using var gateway = await GatewayProcess.StartAsync(demo.ConnectionString, ShowRuntimeLine);

        var line = await RuntimeLineAsync(gateway);

        var mib = (RuntimeSettings.Gen0MaxBudgetBytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture);
        line.Should().Contain($"gen0 budget at most {mib} MiB");
        line.Should().Contain("workstation GC (concurrent)");
        line.Should().Contain("socket completions inline");
    }

    [Fact]
    public async Task TheEnvironment_OverridesTheGen0Cap()
    {
        var settings = new Dictionary<string, string>(ShowRuntimeLine) { ["DOTNET_GCGen0MaxBudget"] = "0x2000000" };
        await using var gateway = await GatewayProcess.StartAsync(demo.ConnectionString, settings);

        (await RuntimeLineAsync(gateway)).Should().Contain("gen0 budget at most 32 MiB");
    }

    /// <summary>The line is logged before the gateway listens, but the console logger writes it from a queue of its own.</summary>
    private static async Task<string> RuntimeLineAsync(GatewayProcess gateway)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var output = gateway.Output;
            var start = output.IndexOf("Runtime: ", StringComparison.Ordinal);
            var end = start < 0 ? -1 : output.IndexOf('\n', start);
            if (end > start)
            {
                return output[start..end];
            }

            deadline.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), $"the gateway should log its runtime settings:\n{output}");
            await Task.Delay(50);
        }
    }
}
