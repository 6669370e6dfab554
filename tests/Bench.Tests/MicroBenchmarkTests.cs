using System.Text.RegularExpressions;

namespace Switchyard.Bench.Tests;

/// <summary>
/// Every BenchmarkDotNet micro-benchmark of bench/Switchyard.Benchmarks runs once (the dry job) without throwing: the
/// project is not in Platform.sln, so without this a change to the gateway could break it unnoticed.
/// </summary>
public sealed partial class MicroBenchmarkTests : IDisposable
{
    private const string Project = "bench/Switchyard.Benchmarks";

    private readonly DirectoryInfo _artifacts = Directory.CreateTempSubdirectory("switchyard-bdn-test-");

    public void Dispose() => _artifacts.Delete(recursive: true);

    [Fact]
    public async Task EveryMicroBenchmarkRunsOnce()
    {
        var build = await ScriptRun.BuildReleaseAsync(Project);
        build.ExitCode.Should().Be(0, build.Tail);

        var dll = $"{Project}/bin/Release/net10.0/Switchyard.Benchmarks.dll";
        var run = await ScriptRun.RunAsync(
            "dotnet", [dll, "--filter", "*", "--job", "dry", "--memory", "--inProcess", "--artifacts", _artifacts.FullName],
            new Dictionary<string, string>(), TimeSpan.FromMinutes(5));

        // Program.cs exits with 1 when a benchmark threw or failed validation.
        run.ExitCode.Should().Be(0, run.Tail);
        var declared = Directory.GetFiles(Path.Combine(Switchyard.TestCommon.TestEnvironment.RepositoryRoot, Project), "*.cs")
            .Sum(file => BenchmarkAttribute().Count(File.ReadAllText(file)));
        declared.Should().BeGreaterThan(0);
        var executed = ExecutedTotal().Match(run.Output);
        executed.Success.Should().BeTrue(run.Tail);
        int.Parse(executed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().Be(declared, "every [Benchmark] method runs");
    }

    [GeneratedRegex(@"\[Benchmark[\]\(]")]
    private static partial Regex BenchmarkAttribute();

    [GeneratedRegex(@"Global total time: .*, executed benchmarks: (\d+)")]
    private static partial Regex ExecutedTotal();
}
