using System.Diagnostics;
using System.Text;

namespace Switchyard.Bench.Tests;

/// <summary>A command run to its end from the repository root, its standard output and error captured together.</summary>
internal sealed record ScriptRun(int ExitCode, string Output)
{
    /// <summary>The end of the output, enough to see why a run failed without drowning the test report.</summary>
    public string Tail => TailOf(Output);

    /// <summary><c>dotnet build</c> of one of the repository's projects in Release, as bench/run.sh builds its parts.</summary>
    public static Task<ScriptRun> BuildReleaseAsync(string project) =>
        RunAsync("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "quiet"], new Dictionary<string, string>(), TimeSpan.FromMinutes(5));

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/>. On timeout it asks the process to stop with
    /// SIGTERM first (bench/run.sh stops what it started on that signal), then kills what is left, and throws.
    /// </summary>
    public static async Task<ScriptRun> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Switchyard.TestCommon.TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild and VSTest variables would steer the child's own `dotnet build`.
        foreach (var name in start.Environment.Keys.Where(IsTestHostVariable).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}:\n{TailOf(Text(output))}");
        }

        return new ScriptRun(process.ExitCode, Text(output));
    }

    private static string TailOf(string output) => output.Length <= 6000 ? output : "…" + output[^6000..];

    private static bool IsTestHostVariable(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static async Task StopAsync(Process process)
    {
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
