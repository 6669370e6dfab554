namespace Switchyard.Domain.Tests;

/// <summary>Runs an action on many threads that all start at once (a barrier), so that they really overlap.</summary>
internal static class Concurrently
{
    /// <param name="threads">How many threads.</param>
    /// <param name="each">How many times each thread calls <paramref name="action"/>.</param>
    /// <param name="action">Called with the thread's index and the iteration's.</param>
    public static void Run(int threads, int each, Action<int, int> action)
    {
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(thread => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < each; i++)
            {
                action(thread, i);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
    }
}
