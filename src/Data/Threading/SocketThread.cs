using System.Runtime.CompilerServices;

namespace Switchyard.Data.Threading;

/// <summary>
/// Leaving a socket thread for the thread pool. With inline socket completions (the gateway's <c>SocketCompletions</c>)
/// an await that had to wait for I/O resumes on the runtime's socket thread, and every connection served by that
/// thread waits until the code that follows awaits again. That suits a quiet gateway's requests (its
/// <c>InlineGate</c>); a busy gateway's requests, large bodies, and background work that follows a database read or
/// write (the route table's rows as they arrive and its compile, a batch of request-log rows) leave for the thread pool
/// through this one call. It lives here, below the gateway, because the route table's rows are read here.
/// </summary>
public static class SocketThread
{
    /// <summary>
    /// Awaited, continues on the thread pool: at once when the caller is on it already, otherwise through a work item.
    /// </summary>
    public static LeaveAwaitable LeaveAsync() => default;

    /// <summary>The awaitable (and its own awaiter) behind <see cref="LeaveAsync"/>.</summary>
    public readonly struct LeaveAwaitable : ICriticalNotifyCompletion
    {
        public bool IsCompleted => Thread.CurrentThread.IsThreadPoolThread;

        public LeaveAwaitable GetAwaiter() => this;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) =>
            ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

        public void UnsafeOnCompleted(Action continuation) =>
            ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
    }
}
