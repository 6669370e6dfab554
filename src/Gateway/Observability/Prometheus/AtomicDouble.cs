namespace Switchyard.Gateway.Observability.Prometheus;

internal static class AtomicDouble
{
    public static void Add(ref double location, double delta)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = current;
            current = Interlocked.CompareExchange(ref location, seen + delta, seen);

            // Compare bits, not values: NaN != NaN would spin forever.
            if (BitConverter.DoubleToInt64Bits(current) == BitConverter.DoubleToInt64Bits(seen))
            {
                return;
            }
        }
    }
}
