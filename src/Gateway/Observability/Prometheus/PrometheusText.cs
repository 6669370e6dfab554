using System.Globalization;
using System.Text;

namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>Writes the Prometheus text exposition format 0.0.4: escaping, number formatting and sample lines.</summary>
internal sealed class PrometheusText(StringBuilder output)
{
    public void WriteFamily(string name, string type, string help)
    {
        output.Append("# HELP ").Append(name).Append(' ');
        AppendEscaped(output, help, escapeQuotes: false);
        output.Append('\n');
        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <param name="name">Sample name.</param>
    /// <param name="labels">Rendered labels without braces (may be empty).</param>
    /// <param name="le">The histogram bound label, already formatted, or null.</param>
    /// <param name="value">Sample value.</param>
    public void WriteSample(string name, string labels, string? le, double value)
    {
        output.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            output.Append('{').Append(labels);
            if (le is not null)
            {
                if (labels.Length > 0)
                {
                    output.Append(',');
                }

                output.Append("le=\"").Append(le).Append('"');
            }

            output.Append('}');
        }

        output.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary><c>a="x",b="y"</c>: sanitized names, escaped values.</summary>
    public static string RenderLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var builder = new StringBuilder();
        foreach (var tag in tags)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(PrometheusNames.LabelName(tag.Key)).Append("=\"");
            AppendEscaped(builder, LabelValue(tag.Value), escapeQuotes: true);
            builder.Append('"');
        }

        return builder.ToString();
    }

    public static string EscapeLabelValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        AppendEscaped(builder, value, escapeQuotes: true);
        return builder.ToString();
    }

    private static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static void AppendEscaped(StringBuilder builder, string text, bool escapeQuotes)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '"' when escapeQuotes:
                    builder.Append("\\\"");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }
}
