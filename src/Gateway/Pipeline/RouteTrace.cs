using System.Text;

namespace Switchyard.Gateway.Pipeline;

/// <summary>
/// Why a request went where it went, as in <c>x-switchyard-route</c>: the route kind, the way the target was chosen,
/// then one step per failure, e.g. <c>group,weighted,fallback_after=503</c>. The same text is stored with the log.
/// </summary>
public sealed class RouteTrace(string kind)
{
    private readonly StringBuilder _text = new(kind, 64);
    private string? _rendered;

    public bool HealthBypass { get; private set; }

    public void Add(string step)
    {
        _text.Append(',').Append(step);
        _rendered = null;
    }

    public void FallbackAfter(string outcome)
    {
        _text.Append(",fallback_after=").Append(outcome);
        _rendered = null;
    }

    public void MarkHealthBypass()
    {
        HealthBypass = true;
        Add("health_bypass");
    }

    /// <summary>The text so far; rendered once however often the header, the log and the metrics ask for it.</summary>
    public override string ToString() => _rendered ??= _text.ToString();
}
