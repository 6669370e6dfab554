using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Switchyard.Gateway.Tests.Observability;

/// <summary>One sample line of the exposition format, with its labels unescaped.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(params (string Name, string Value)[] labels) =>
        labels.All(l => Labels.TryGetValue(l.Name, out var value) && value == l.Value);
}

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, written from the format's grammar. It throws on any
/// line that does not match, on samples outside a declared family, on duplicate series, and on histograms whose
/// buckets are not cumulative or whose <c>+Inf</c> bucket disagrees with <c>_count</c>.
/// </summary>
public sealed partial class PrometheusTextParser
{
    private const string LabelValue = @"""(?:[^""\\\n]|\\[\\""n])*""";

    private PrometheusTextParser(IReadOnlyDictionary<string, string> types, IReadOnlyDictionary<string, string> help, IReadOnlyList<PrometheusSample> samples)
    {
        Types = types;
        Help = help;
        Samples = samples;
    }

    public IReadOnlyDictionary<string, string> Types { get; }
    public IReadOnlyDictionary<string, string> Help { get; }
    public IReadOnlyList<PrometheusSample> Samples { get; }

    public IEnumerable<PrometheusSample> Named(string name) => Samples.Where(s => s.Name == name);

    /// <summary>The single sample with this name and (at least) these labels.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        Named(name).Where(s => s.Has(labels)).Should().ContainSingle($"one {name} sample with {string.Join(",", labels)}").Subject.Value;

    public double Sum(string name, params (string Name, string Value)[] labels) =>
        Named(name).Where(s => s.Has(labels)).Sum(s => s.Value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>(?:[a-zA-Z_][a-zA-Z0-9_]*=" + LabelValue + @")(?:,[a-zA-Z_][a-zA-Z0-9_]*=" + LabelValue + @")*,?)?\})? (?<value>\S+)(?: (?<ts>-?[0-9]+))?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\\n]|\\[\\""n])*)""")]
    private static partial Regex LabelPair();

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^# HELP (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<help>(?:[^\\\n]|\\[\\n])*)$")]
    private static partial Regex HelpLine();

    public static PrometheusTextParser Parse(string text)
    {
        text.Should().EndWith("\n", "every line, the last included, ends with a line feed");
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in text[..^1].Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                if (TypeLine().Match(line) is { Success: true } type)
                {
                    types.TryAdd(type.Groups["name"].Value, type.Groups["type"].Value).Should().BeTrue($"TYPE appears once per family (line {lineNumber})");
                    samples.Should().NotContain(s => FamilyOf(s.Name, types) == type.Groups["name"].Value, "TYPE comes before the family's samples");
                }
                else if (HelpLine().Match(line) is { Success: true } helpLine)
                {
                    help.TryAdd(helpLine.Groups["name"].Value, Unescape(helpLine.Groups["help"].Value)).Should().BeTrue($"HELP appears once per family (line {lineNumber})");
                }
                else
                {
                    line.Should().NotMatchRegex("^# (HELP|TYPE) ", $"a malformed HELP/TYPE line at {lineNumber}");
                }

                continue;
            }

            var match = SampleLine().Match(line);
            match.Success.Should().BeTrue($"line {lineNumber} must match the sample grammar: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match pair in LabelPair().Matches(match.Groups["labels"].Value))
            {
                labels.TryAdd(pair.Groups["name"].Value, Unescape(pair.Groups["value"].Value)).Should().BeTrue($"no repeated label name (line {lineNumber})");
            }

            var sample = new PrometheusSample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value, lineNumber));
            FamilyOf(sample.Name, types).Should().NotBeNull($"sample {sample.Name} (line {lineNumber}) belongs to a family declared by TYPE");
            seen.Add(SeriesKey(sample.Name, labels)).Should().BeTrue($"no duplicate series (line {lineNumber}: {line})");
            samples.Add(sample);
        }

        var parsed = new PrometheusTextParser(types, help, samples);
        parsed.CheckHistograms();
        return parsed;
    }

    private void CheckHistograms()
    {
        foreach (var (family, _) in Types.Where(t => t.Value == "histogram"))
        {
            var bySeries = Named(family + "_bucket").GroupBy(s => SeriesKey(family, s.Labels.Where(l => l.Key != "le").ToDictionary()));
            foreach (var series in bySeries)
            {
                var buckets = series
                    .Select(s => (Bound: ParseValue(s.Labels["le"], 0), s.Value))
                    .OrderBy(b => b.Bound)
                    .ToList();
                buckets.Should().NotBeEmpty();
                double.IsPositiveInfinity(buckets[^1].Bound).Should().BeTrue($"{family} has a +Inf bucket");
                buckets.Select(b => b.Value).Should().BeInAscendingOrder($"{family} buckets are cumulative");

                var labels = series.First().Labels.Where(l => l.Key != "le").Select(l => (l.Key, l.Value)).ToArray();
                Value(family + "_count", labels).Should().Be(buckets[^1].Value, $"{family}_count equals the +Inf bucket");
                Named(family + "_sum").Where(s => s.Has(labels)).Should().ContainSingle();
            }
        }
    }

    private static string? FamilyOf(string sampleName, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sampleName))
        {
            return sampleName;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && types.TryGetValue(sampleName[..^suffix.Length], out var type)
                && type is "histogram" or "summary")
            {
                return sampleName[..^suffix.Length];
            }
        }

        return null;
    }

    private static string SeriesKey(string name, IReadOnlyDictionary<string, string> labels) =>
        name + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";

    private static double ParseValue(string text, int lineNumber) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"line {lineNumber}: '{text}' is not a Prometheus float"),
    };

    private static string Unescape(string escaped)
    {
        var builder = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 1 < escaped.Length)
            {
                i++;
                builder.Append(escaped[i] == 'n' ? '\n' : escaped[i]);
            }
            else
            {
                builder.Append(escaped[i]);
            }
        }

        return builder.ToString();
    }
}
