using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Scheduling;

/// <summary>
/// The gateway's own program in a process of its own, on a free loopback port. Unlike an in-process host in the test
/// runner, it runs socket completions inline (<c>Program</c> sets that before the first socket), so requests really
/// arrive on the runtime's socket threads, as in production.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private GatewayProcess(Process process, StringBuilder output, Uri baseUri)
    {
        _process = process;
        _output = output;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    /// <summary>The process's console output so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs <c>Switchyard.Gateway.dll</c> with the given command-line arguments and environment.</summary>
    public static Process Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, StringBuilder output)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Switchyard.Gateway.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in TestEnvironment.SecretSettings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Starts the gateway on <paramref name="connectionString"/>'s database and waits until it is ready.</summary>
    /// <param name="connectionString">A migrated and seeded database.</param>
    /// <param name="settings">Extra environment, e.g. <c>Gateway__InlineBelowRequestsPerSecond</c>.</param>
    public static async Task<GatewayProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        var port = LoopbackPort.Free();
        var environment = new Dictionary<string, string>(settings)
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var output = new StringBuilder();
        var process = Run(["--urls", $"http://127.0.0.1:{port}"], environment, output);
        var gateway = new GatewayProcess(process, output, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await gateway.WaitUntilReadyAsync();
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>The value of one <c>switchyard_scheduling_decisions_total</c> series in <c>/metrics</c>.</summary>
    public async Task<long> DecisionsAsync(string decision)
    {
        var text = await Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var match = Regex.Match(text, $"^switchyard_scheduling_decisions_total\\{{decision=\"{decision}\"\\}} (\\d+)", RegexOptions.Multiline);
        match.Success.Should().BeTrue($"/metrics should have the {decision} series:\n{text}");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"The gateway was not ready within {StartTimeout}:\n{Output}");
            }

            try
            {
                using var ready = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // A poll interval while the process starts, not a synchronization: the loop ends on the answer.
            await Task.Delay(50);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>The <c>dotnet</c> that runs the tests (set by the SDK), else the one on the path.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
