using Switchyard.Gateway.Logging;

namespace Switchyard.Gateway.Tests.Logging;

public sealed class BoundedHandOffTests
{
    [Fact]
    public void TryAdd_PastCapacity_IsRefusedAsFull_UntilAnItemIsTaken()
    {
        var handOff = new BoundedHandOff<string>(3);

        new[] { "a", "b", "c" }.Select(handOff.TryAdd).ToArray().Should().AllBeEquivalentTo(HandOffResult.Added);
        handOff.TryAdd("d").Should().Be(HandOffResult.Full);
        handOff.Count.Should().Be(3);

        handOff.TryTake(out var first).Should().BeTrue();
        first.Should().Be("a");
        handOff.TryAdd("d").Should().Be(HandOffResult.Added);
        Enumerable.Range(0, 3).Select(_ => handOff.TryTake(out var item) ? item : null).Should().Equal("b", "c", "d");
        handOff.TryTake(out _).Should().BeFalse();
        handOff.Count.Should().Be(0);
    }

    [Fact]
    public async Task Complete_RefusesNewItems_KeepsTheQueuedOnes_ThenReportsTheEnd()
    {
        var handOff = new BoundedHandOff<string>(10);
        handOff.TryAdd("a");
        handOff.TryAdd("b");

        handOff.Complete();

        handOff.TryAdd("c").Should().Be(HandOffResult.Completed);
        (await handOff.WaitToTakeAsync(CancellationToken.None)).Should().BeTrue();
        handOff.TryTake(out var a).Should().BeTrue();
        handOff.TryTake(out var b).Should().BeTrue();
        new[] { a, b }.Should().Equal("a", "b");
        (await handOff.WaitToTakeAsync(CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task WaitToTakeAsync_OnAnEmptyQueue_WakesOnTheNextAdd_AndOnCompletion()
    {
        var handOff = new BoundedHandOff<string>(10);

        var waiting = handOff.WaitToTakeAsync(CancellationToken.None).AsTask();
        waiting.IsCompleted.Should().BeFalse();
        await Task.Run(() => handOff.TryAdd("x"));
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
        handOff.TryTake(out _).Should().BeTrue();

        var waitingForEnd = handOff.WaitToTakeAsync(CancellationToken.None).AsTask();
        waitingForEnd.IsCompleted.Should().BeFalse();
        handOff.Complete();
        (await waitingForEnd.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeFalse();
    }

    [Fact]
    public async Task WaitToTakeAsync_Cancelled_Throws()
    {
        var handOff = new BoundedHandOff<string>(10);
        using var cancel = new CancellationTokenSource();

        var waiting = handOff.WaitToTakeAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await waiting.Invoking(w => w.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task ManyWriters_RacingTheReaderAndTheCompletion_LoseNothingReportedAsAdded()
    {
        // Four writers and one reader on the same small queue, completed while the writers are still going:
        // every item reported as added must be taken exactly once, whichever side of the completion it fell on.
        for (var round = 0; round < 20; round++)
        {
            var handOff = new BoundedHandOff<string>(64);
            var added = new int[4];
            var refused = new int[4];
            using var start = new Barrier(5);
            var writers = Enumerable.Range(0, 4).Select(w => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                for (var i = 0; ; i++)
                {
                    var result = handOff.TryAdd($"{w}:{i}");
                    if (result == HandOffResult.Completed)
                    {
                        return;
                    }

                    _ = result == HandOffResult.Added ? added[w]++ : refused[w]++;
                }
            }, TaskCreationOptions.LongRunning)).ToArray();

            var taken = new HashSet<string>();
            start.SignalAndWait();
            while (taken.Count < 5_000)
            {
                if (handOff.TryTake(out var item))
                {
                    taken.Add(item).Should().BeTrue("each item is taken once");
                }
            }

            handOff.Complete();
            while (await handOff.WaitToTakeAsync(CancellationToken.None))
            {
                handOff.TryTake(out var item).Should().BeTrue();
                taken.Add(item).Should().BeTrue("each item is taken once");
            }

            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));
            taken.Count.Should().Be(added.Sum(), $"round {round}: {refused.Sum()} were refused as full");
            handOff.Count.Should().Be(0);
        }
    }
}
