using System.Threading.Tasks.Sources;

namespace Switchyard.Gateway.Http1;

/// <summary>A value a connection waits for again and again (the next request's bytes), awaited without allocating.</summary>
internal sealed class ReusableSignal : IValueTaskSource<int>
{
    private ManualResetValueTaskSourceCore<int> _core = new() { RunContinuationsAsynchronously = false };

    public ValueTask<int> WaitAsync() => new(this, _core.Version);

    public void Set(int value) => _core.SetResult(value);

    public void Reset() => _core.Reset();

    public int GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
