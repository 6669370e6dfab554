using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Switchyard.Domain.Logs;
using Switchyard.Gateway.Logging;

namespace Switchyard.Benchmarks;

/// <summary>
/// The request path's hand-off of its log entry: <see cref="BoundedHandOff{T}"/> (what the gateway uses) against the
/// bounded <see cref="Channel"/> it replaced, set up as the gateway had it, as the baseline in the same run. Per entry:
/// added by the request path, taken by the writer. "TwoWriters" adds from two threads at once (the benchmark's
/// thread is one of them), as two cores of requests are; the writer takes them afterwards.
/// </summary>
[MemoryDiagnoser]
public class RequestLogQueueBenchmarks
{
    private const int Entries = 1_000;
    private const int PerWriter = 50_000;
    private const int Capacity = 100_000;

    private readonly RequestLog _entry = new() { RequestId = "req_0195f2c1d7a87c3e9b10000001", Endpoint = "chat/completions" };
    private readonly BoundedHandOff<RequestLog> _handOff = new(Capacity);
    private readonly Channel<RequestLog> _channel = Channel.CreateBounded<RequestLog>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    [Benchmark(Baseline = true, OperationsPerInvoke = Entries)]
    public int ChannelAddThenTake()
    {
        for (var i = 0; i < Entries; i++)
        {
            _channel.Writer.TryWrite(_entry);
        }

        var taken = 0;
        while (_channel.Reader.TryRead(out _))
        {
            taken++;
        }

        return taken;
    }

    [Benchmark(OperationsPerInvoke = Entries)]
    public int HandOffAddThenTake()
    {
        for (var i = 0; i < Entries; i++)
        {
            _handOff.TryAdd(_entry);
        }

        var taken = 0;
        while (_handOff.TryTake(out _))
        {
            taken++;
        }

        return taken;
    }

    [Benchmark(OperationsPerInvoke = 2 * PerWriter)]
    public int ChannelTwoWriters() => AddFromTwoThreadsThenTake(() => _channel.Writer.TryWrite(_entry), () => _channel.Reader.TryRead(out _));

    [Benchmark(OperationsPerInvoke = 2 * PerWriter)]
    public int HandOffTwoWriters() =>
        AddFromTwoThreadsThenTake(() => _handOff.TryAdd(_entry) == HandOffResult.Added, () => _handOff.TryTake(out _));

    private static int AddFromTwoThreadsThenTake(Func<bool> add, Func<bool> take)
    {
        void Write()
        {
            for (var i = 0; i < PerWriter; i++)
            {
                add();
            }
        }

        // The benchmark's thread is the second writer; the entries are taken once both are done.
        var other = new Thread(Write);
        other.Start();
        Write();
        other.Join();
        var taken = 0;
        while (take())
        {
            taken++;
        }

        return taken;
    }
}
