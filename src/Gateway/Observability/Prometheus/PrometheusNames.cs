using System.Collections.Frozen;
using System.Text;

namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>
/// OpenTelemetry instrument names and units to Prometheus names, after the OpenTelemetry "Prometheus and OpenMetrics
/// compatibility" rules: invalid characters become <c>_</c>, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>,
/// <c>{request}</c> → nothing), counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNames
{
    private static readonly FrozenDictionary<string, string> _units = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> _perUnits = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string MetricName(string instrumentName, string? unit, string type)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit, type);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name = $"{name}_{suffix}";
        }

        if (type == PrometheusTypes.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    public static string LabelName(string key)
    {
        var name = Sanitize(key, allowColon: false);

        // Names starting with "__" are reserved for Prometheus itself.
        return name.StartsWith("__", StringComparison.Ordinal) ? "key" + name : name;
    }

    private static string UnitSuffix(string? unit, string type)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return string.Empty;
        }

        // Annotations such as {request} carry no unit.
        var plain = WithoutAnnotations(unit);
        if (plain.Length == 0)
        {
            return string.Empty;
        }

        if (plain == "1")
        {
            return type == PrometheusTypes.Gauge ? "ratio" : string.Empty;
        }

        var slash = plain.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var over = plain[..slash];
            var per = plain[(slash + 1)..];
            var overName = _units.GetValueOrDefault(over, over);
            var perName = _perUnits.GetValueOrDefault(per, _units.GetValueOrDefault(per, per));
            var combined = overName.Length == 0 ? $"per_{perName}" : $"{overName}_per_{perName}";
            return Sanitize(combined, allowColon: false).Trim('_');
        }

        return Sanitize(_units.GetValueOrDefault(plain, plain), allowColon: false).Trim('_');
    }

    private static string WithoutAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Sanitize(string text, bool allowColon)
    {
        var builder = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var next = valid ? c : '_';

            // Runs of '_' collapse to one.
            if (next == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }

            builder.Append(next);
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
