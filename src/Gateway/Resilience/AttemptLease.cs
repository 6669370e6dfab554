using Switchyard.Domain.Health;
using Switchyard.Domain.Routing;

namespace Switchyard.Gateway.Resilience;

/// <summary>
/// One attempt against one target, from admission to the end of its answer: counts it in flight, and makes sure an
/// attempt that ends without a recorded outcome (the client left, an exception) frees a health trial it held.
/// Dispose it after the answer has been copied.
/// </summary>
public sealed class AttemptLease : IDisposable
{
    private readonly TargetState? _state;
    private bool _disposed;

    private AttemptLease(RouteTarget target, TargetState? state, AdmissionKind admission, AttemptDenial denial)
    {
        Target = target;
        _state = state;
        Admission = admission;
        Denial = denial;
    }

    public RouteTarget Target { get; }

    public AdmissionKind Admission { get; }

    public AttemptDenial Denial { get; }

    /// <summary>False: skip this target (see <see cref="Denial"/>).</summary>
    public bool Admitted => Denial == AttemptDenial.None;

    internal TargetState? State => _state;

    /// <summary>Set once a success or failure was recorded, so disposal does not also release the trial.</summary>
    internal bool OutcomeRecorded { get; set; }

    internal static AttemptLease Admit(RouteTarget target, TargetState state, AdmissionKind admission)
    {
        state.Enter();
        return new AttemptLease(target, state, admission, AttemptDenial.None);
    }

    internal static AttemptLease Deny(RouteTarget target, AttemptDenial denial) => new(target, null, AdmissionKind.Denied, denial);

    public void Dispose()
    {
        if (_disposed || _state is null)
        {
            return;
        }

        _disposed = true;
        _state.Exit();
        if (!OutcomeRecorded)
        {
            _state.Health.Release(Admission);
        }
    }
}
