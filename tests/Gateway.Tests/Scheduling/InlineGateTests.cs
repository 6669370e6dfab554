using Switchyard.Gateway.Pipeline;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Scheduling;

public sealed class InlineGateTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Admit_KeepsRequestsUpToTheRateOfOneWindow()
    {
        var gate = Gate(requestsPerSecond: 100); // 10 per 100 ms window

        var admitted = Enumerable.Range(0, 15).Select(_ => gate.Admit()).ToList();

        admitted.Take(10).Should().OnlyContain(stay => stay);
        admitted.Skip(10).Should().OnlyContain(stay => !stay);
    }

    [Fact]
    public void Admit_StaysBusyForTheWindowAfterABurst_ThenQuietAgain()
    {
        var gate = Gate(requestsPerSecond: 100);
        for (var i = 0; i < 20; i++)
        {
            gate.Admit();
        }

        _time.Advance(Window);
        gate.Admit().Should().BeFalse("the window before held 20 arrivals, above the 10 allowed");

        _time.Advance(Window);
        gate.Admit().Should().BeTrue("the window before held one arrival");
    }

    [Fact]
    public void Admit_ForgetsABurstAfterAQuietSpellWithNoArrivals()
    {
        var gate = Gate(requestsPerSecond: 100);
        for (var i = 0; i < 20; i++)
        {
            gate.Admit();
        }

        _time.Advance(Window * 5);

        gate.Admit().Should().BeTrue("no window in the last 200 ms held more than one arrival");
    }

    [Fact]
    public void Admit_WithALimitOfZero_NeverKeeps()
    {
        var gate = Gate(requestsPerSecond: 0);

        Enumerable.Range(0, 5).Select(_ => gate.Admit()).Should().OnlyContain(stay => !stay);
    }

    [Fact]
    public void Admit_DefaultsToAThousandPerSecondPerProcessor()
    {
        var gate = new InlineGate(new GatewayOptions(), _time);
        var perWindow = GatewayOptions.DefaultInlineRequestsPerSecondPerCore * Environment.ProcessorCount / 10;

        var kept = Enumerable.Range(0, perWindow + 5).Count(_ => gate.Admit());

        kept.Should().Be(perWindow);
    }

    [Fact]
    public async Task Admit_FromManyThreadsAtOnce_KeepsExactlyTheLimit()
    {
        var gate = Gate(requestsPerSecond: 20_000); // 2,000 per window; the clock does not move
        using var start = new Barrier(8);

        var kept = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return Enumerable.Range(0, 1_000).Count(_ => gate.Admit());
            },
            TaskCreationOptions.LongRunning)));

        kept.Sum().Should().Be(2_000);
    }

    [Fact]
    public void MustMove_OnADedicatedThread_FollowsTheRateAndCountsEachDecision()
    {
        var gate = Gate(requestsPerSecond: 20); // 2 per window

        var decisions = OnDedicatedThread(() => Enumerable.Range(0, 5).Select(_ => gate.MustMove()).ToList());

        decisions.Should().Equal(false, false, true, true, true);
        gate.Inline.Should().Be(2);
        gate.MovedBusy.Should().Be(3);
    }

    [Fact]
    public async Task MustMove_OnAThreadPoolThread_NeverMovesAndCountsNothing()
    {
        var gate = Gate(requestsPerSecond: 0);

        var moved = await Task.Run(gate.MustMove);

        moved.Should().BeFalse("Kestrel's inline scheduling is off, or the request has moved already");
        (gate.Inline + gate.MovedBusy).Should().Be(0);
    }

    [Theory]
    [InlineData(InlineGate.LargeBodyBytes - 1, false)]
    [InlineData(InlineGate.LargeBodyBytes, true)]
    [InlineData(16 * 1024 * 1024, true)]
    public void MustMoveFor_OnADedicatedThread_MovesOnlyLargeBodies(int bodyLength, bool expected)
    {
        var gate = Gate(requestsPerSecond: 1000);

        OnDedicatedThread(() => gate.MustMoveFor(bodyLength)).Should().Be(expected);
        gate.MovedLargeBody.Should().Be(expected ? 1 : 0);
    }

    [Fact]
    public async Task MustMoveFor_OnAThreadPoolThread_NeverMoves()
    {
        var gate = Gate(requestsPerSecond: 1000);

        (await Task.Run(() => gate.MustMoveFor(InlineGate.LargeBodyBytes * 4))).Should().BeFalse();
        gate.MovedLargeBody.Should().Be(0);
    }

    private InlineGate Gate(int requestsPerSecond) =>
        new(new GatewayOptions { InlineBelowRequestsPerSecond = requestsPerSecond }, _time);

    /// <summary>Kestrel's socket threads are not thread-pool threads; a thread of our own stands in for one.</summary>
    private static T OnDedicatedThread<T>(Func<T> work)
    {
        var result = default(T)!;
        var thread = new Thread(() => result = work());
        thread.Start();
        thread.Join();
        return result;
    }
}
