using System.Collections.Concurrent;

namespace Switchyard.Gateway.Logging;

/// <summary>What <see cref="BoundedHandOff{T}.TryAdd"/> did with an item.</summary>
internal enum HandOffResult
{
    Added,
    Full,
    Completed,
}

/// <summary>
/// A bounded many-writers, one-reader queue whose writers never lock or wait: the request path's side of the request
/// log. <c>Channel.CreateBounded</c> takes a lock on every write, and the request path takes no lock.
/// </summary>
/// <remarks>
/// A writer first reserves a slot (<see cref="_reserved"/>), then checks for completion, then enqueues. Both that
/// reservation and <see cref="Complete"/> are full fences, so after <see cref="Complete"/> every writer either saw the
/// completion (and gave its slot back) or is counted in <see cref="_reserved"/> until its item can be taken: a reader
/// that drains until <see cref="Count"/> is zero loses nothing that was reported as added.
/// </remarks>
internal sealed class BoundedHandOff<T>(int capacity)
    where T : class
{
    private readonly ConcurrentQueue<T> _items = new();
    private TaskCompletionSource? _readerWaiting;
    private int _reserved;
    private int _completed;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");

    /// <summary>Items added and not yet taken, counting any a writer is adding right now.</summary>
    public int Count => Math.Max(0, Volatile.Read(ref _reserved));

    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>Never blocks, never locks. Wakes the reader when it waits.</summary>
    public HandOffResult TryAdd(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (Interlocked.Increment(ref _reserved) > Capacity)
        {
            Interlocked.Decrement(ref _reserved);
            return IsCompleted ? HandOffResult.Completed : HandOffResult.Full;
        }

        if (IsCompleted)
        {
            Interlocked.Decrement(ref _reserved);
            return HandOffResult.Completed;
        }

        _items.Enqueue(item);
        if (Volatile.Read(ref _readerWaiting) is not null)
        {
            Interlocked.Exchange(ref _readerWaiting, null)?.TrySetResult();
        }

        return HandOffResult.Added;
    }

    /// <summary>For the one reader.</summary>
    public bool TryTake(out T item)
    {
        if (!_items.TryDequeue(out item!))
        {
            return false;
        }

        Interlocked.Decrement(ref _reserved);
        return true;
    }

    /// <summary>
    /// For the one reader: true when an item can be taken, false once the queue is completed and nothing is left.
    /// After completion it waits out writers that reserved a slot before it (a few instructions each).
    /// </summary>
    public async ValueTask<bool> WaitToTakeAsync(CancellationToken cancellationToken)
    {
        var spin = default(SpinWait);
        while (true)
        {
            if (!_items.IsEmpty)
            {
                return true;
            }

            if (IsCompleted)
            {
                if (Volatile.Read(ref _reserved) <= 0)
                {
                    return false;
                }

                spin.SpinOnce();
                continue;
            }

            var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _readerWaiting, waiting);

            // A writer that enqueued before the exchange did not see the waiter: look again before sleeping.
            if (!_items.IsEmpty || IsCompleted)
            {
                Interlocked.CompareExchange(ref _readerWaiting, null, waiting);
                continue;
            }

            await waiting.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Refuses further items; those added before stay to be taken. Wakes the reader.</summary>
    public void Complete()
    {
        Interlocked.Exchange(ref _completed, 1);
        Interlocked.Exchange(ref _readerWaiting, null)?.TrySetResult();
    }
}
