using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchyard.Bench.Tests;

/// <summary>
/// bench/run.sh in its shortest form, every target at once (Portkey from npm, the floors, the gateway on the sockets
/// server as the B gateway): it must install, build and start everything, measure every phase without an error,
/// print a coherent table and leave nothing running. The numbers of so short a run mean nothing; their shape does.
/// </summary>
public sealed class LoadBenchmarkTests : IDisposable
{
    /// <summary>Every target of run.sh and the name of its row, in the order asked for.</summary>
    private static readonly (string Target, string Row)[] Targets =
    [
        ("direct", "direct to the mock"),
        ("nginx", "nginx proxy_pass"),
        ("portkey", "Portkey 1.15.2"),
        ("floor", "floor: Kestrel + HttpClient only"),
        ("sockets", "sockets floor: .NET sockets only"),
        ("floor-rawclient", "Kestrel + sockets client"),
        ("sockets-httpclient", "sockets server + HttpClient"),
        ("switchyard", "Switchyard"),
        ("switchyard-b", "Switchyard B (" + GatewayOnSocketsDll + ")"),
    ];

    private const string GatewayOnSocketsDll = "bench/GatewayOnSockets/bin/Release/net10.0/Switchyard.GatewayOnSockets.dll";
    private const int Connections = 8;

    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("switchyard-bench-test-");

    public void Dispose() => _output.Delete(recursive: true);

    [Fact]
    public async Task AShortRunOfEveryTarget_PrintsACoherentTableWithNoErrors_AndLeavesNothingRunning()
    {
        var build = await ScriptRun.BuildReleaseAsync("bench/GatewayOnSockets");
        build.ExitCode.Should().Be(0, build.Tail);

        var listeningBefore = ListeningPorts.Read();
        var tablePath = Path.Combine(_output.FullName, "table.md");
        var run = await ScriptRun.RunAsync("bash", ["bench/run.sh"], new Dictionary<string, string>
        {
            ["BENCH_ROUNDS"] = "1",
            ["BENCH_DURATION"] = "1",
            ["BENCH_CONNECTIONS"] = Connections.ToString(CultureInfo.InvariantCulture),
            ["BENCH_STREAM_REQUESTS"] = "5",
            ["BENCH_WARMUP"] = "2",
            ["BENCH_TARGETS"] = string.Join(' ', Targets.Select(t => t.Target)),
            ["BENCH_B_DLL"] = GatewayOnSocketsDll,
            ["BENCH_OUT"] = tablePath,
        }, TimeSpan.FromMinutes(15));
        run.ExitCode.Should().Be(0, run.Tail);

        // The sanity check went through the demo group: the gateway said which group and target served.
        run.Output.Should().Contain("Switchyard answered with:").And.Contain("x-switchyard-group");

        var text = await File.ReadAllTextAsync(tablePath);
        var tables = MarkdownTable.ParseAll(text);
        var results = tables.Single(t => t.Header.Contains($"req/s @{Connections} conn"));
        AssertEveryRow(results);
        AssertCpuBudget(text, results);
        AssertSideBySide(tables.Single(t => t.Header[0] == "round"));
        AssertGoals(tables.Single(t => t.Header[0] == "goal"), results);
        File.Exists(Path.Combine(_output.FullName, "table.raw.txt")).Should().BeTrue("the raw numbers are kept beside the table");

        var stillListening = await ListeningPorts.NewSinceAsync(listeningBefore, TimeSpan.FromSeconds(20));
        stillListening.Should().BeEmpty("the bench stops every server it started");
    }

    private static void AssertEveryRow(MarkdownTable results)
    {
        results.Rows.Select(row => row[0]).Should().Equal(Targets.Select(t => t.Row), "one row per target, in the order asked for");
        var direct = results.Row("direct to the mock")!;
        var nginx = results.Row("nginx proxy_pass")!;
        var directRps = Number(results.Cell(direct, $"req/s @{Connections} conn"));
        var nginxRps = Number(results.Cell(nginx, $"req/s @{Connections} conn"));
        var directP50 = Number(results.Cell(direct, "p50 ms"));

        foreach (var row in results.Rows)
        {
            var name = row[0];
            var rps = Number(results.Cell(row, $"req/s @{Connections} conn"));
            rps.Should().BePositive(name);
            Number(results.Cell(row, "vs direct")).Should().BeApproximately(rps / directRps, 0.011, name);
            Number(results.Cell(row, "vs nginx")).Should().BeApproximately(rps / nginxRps, 0.011, name);
            Number(results.Cell(row, "p50 ms")).Should().BePositive(name);
            Number(results.Cell(row, "1st chunk p50 ms")).Should().BePositive(name);

            var counts = results.Cell(row, "errors / requests").Split(" / ");
            counts[0].Should().Be("0", $"{name} must answer every request");
            Number(counts[1]).Should().BePositive(name);

            if (row == direct)
            {
                continue;
            }

            Number(results.Cell(row, "CPU µs/req")).Should().BePositive(name);
            Number(results.Cell(row, "peak RSS MB")).Should().BePositive(name);
            Number(results.Cell(row, "added p50 ms")).Should().BeApproximately(Number(results.Cell(row, "p50 ms")) - directP50, 0.0011, name);
        }
    }

    /// <summary>
    /// The CPU share line: every proxy's share in cores, and the CPU per request that half of nginx's requests/s leaves
    /// Switchyard at its share, which must follow from the two.
    /// </summary>
    private static void AssertCpuBudget(string text, MarkdownTable results)
    {
        var line = text.Split('\n').Should().ContainSingle(l => l.StartsWith("CPU share during the throughput runs", StringComparison.Ordinal)).Subject;
        foreach (var (target, _) in Targets.Where(t => t.Target != "direct"))
        {
            line.Should().MatchRegex($@"[:,] {Regex.Escape(target)} \d+\.\d\d[ ,]", $"{target} has a share");
        }

        var share = Number(Regex.Match(line, @" switchyard (\d+\.\d\d) ").Groups[1].Value);
        share.Should().BeInRange(0.01, Environment.ProcessorCount, "a share is in cores, at most all of them");
        var budget = Number(Regex.Match(line, @"leaves it (\d+) µs of CPU per request").Groups[1].Value);
        var nginxRps = Number(results.Cell(results.Row("nginx proxy_pass")!, $"req/s @{Connections} conn"));
        // The printed share and requests/s are rounded; the budget follows from them within that rounding.
        budget.Should().BeApproximately(share * 1e6 / (0.5 * nginxRps), (0.005 / share * budget) + 1 + (0.5 / nginxRps * budget));
        var used = Number(Regex.Match(line, @"\(it used (\d+);").Groups[1].Value);
        used.Should().Be(Number(results.Cell(results.Row("Switchyard")!, "CPU µs/req")), "the CPU per request it used is the table's");
    }

    private static void AssertSideBySide(MarkdownTable sideBySide)
    {
        var round = sideBySide.Rows.Should().ContainSingle().Subject;
        round[0].Should().Be("1");
        var a = Number(sideBySide.Cell(round, "A req/s"));
        var b = Number(sideBySide.Cell(round, "B req/s"));
        a.Should().BePositive();
        b.Should().BePositive();
        Number(sideBySide.Cell(round, "B/A req/s")).Should().BeApproximately(b / a, 0.011);
    }

    private static void AssertGoals(MarkdownTable goals, MarkdownTable results)
    {
        goals.Rows.Select(row => row[0]).Should().Equal(
            "CPU per request", "throughput vs nginx", "throughput vs Portkey", "added latency p50", "added latency p99",
            "added first chunk (p50)", "peak RSS", "errors");
        foreach (var row in goals.Rows)
        {
            row[3].Should().BeOneOf("met", "**missed**", "**inconclusive**");
        }

        // An added latency is judged only when no proxy measured faster than direct in that column (a disturbed baseline).
        foreach (var (goal, column, limit) in new[] { ("added latency p50", "added p50 ms", 0.3), ("added latency p99", "added p99 ms", 1.5), ("added first chunk (p50)", "added 1st chunk ms", 1.0) })
        {
            var proxies = results.Rows.Where(row => row[0] != "direct to the mock").Select(row => Number(results.Cell(row, column))).ToList();
            var measured = Number(goals.Row(goal)![2].Replace(" ms", string.Empty, StringComparison.Ordinal));
            var expected = proxies.Min() < 0 ? "**inconclusive**" : measured <= limit ? "met" : "**missed**";
            goals.Row(goal)![3].Should().Be(expected, goal);
        }

        Verdict(goals, "CPU per request").Should().Be(Number(goals.Row("CPU per request")![2].Replace(" µs", string.Empty, StringComparison.Ordinal)) <= 100);
        Verdict(goals, "peak RSS").Should().Be(Number(goals.Row("peak RSS")![2].Replace(" MB", string.Empty, StringComparison.Ordinal)) <= 200);
        goals.Row("errors")![2].Should().StartWith("0 of ");
        Verdict(goals, "errors").Should().BeTrue();
    }

    private static bool Verdict(MarkdownTable goals, string goal) => goals.Row(goal)![3] == "met";

    private static double Number(string cell) => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
}
