using Switchyard.Data.Threading;

namespace Switchyard.Gateway.Tests.Scheduling;

/// <summary>
/// <see cref="SocketThread.LeaveAsync"/>: a thread that is not the pool's (as the runtime's socket threads are not)
/// continues on the pool; a pool thread continues where it is, without a work item.
/// </summary>
public sealed class SocketThreadLeaveTests
{
    [Fact]
    public async Task FromAThreadOutsideThePool_ContinuesOnThePool()
    {
        var result = new TaskCompletionSource<(bool BeforeOnPool, bool AfterOnPool, int Before, int After)>(
            TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => _ = ObserveAsync(result)) { IsBackground = true, Name = "not the pool" };
        thread.Start();

        var (beforeOnPool, afterOnPool, before, after) = await result.Task.WaitAsync(TimeSpan.FromSeconds(30));

        beforeOnPool.Should().BeFalse("the test started on a thread of its own");
        afterOnPool.Should().BeTrue();
        after.Should().NotBe(before);
    }

    [Fact]
    public async Task OnThePool_ContinuesOnTheSameThreadAtOnce()
    {
        var (beforeOnPool, afterOnPool, before, after, completedAtOnce) = await Task.Run(async () =>
        {
            var before = Environment.CurrentManagedThreadId;
            var onPool = Thread.CurrentThread.IsThreadPoolThread;
            var completedAtOnce = SocketThread.LeaveAsync().GetAwaiter().IsCompleted;
            await SocketThread.LeaveAsync();
            return (onPool, Thread.CurrentThread.IsThreadPoolThread, before, Environment.CurrentManagedThreadId, completedAtOnce);
        });

        beforeOnPool.Should().BeTrue();
        completedAtOnce.Should().BeTrue();
        afterOnPool.Should().BeTrue();
        after.Should().Be(before, "no work item was queued, so nothing moved");
    }

    [Fact]
    public async Task FlowsTheExecutionContext()
    {
        var local = new AsyncLocal<string>();
        var result = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            local.Value = "kept";
            _ = ReadAfterLeavingAsync(local, result);
        })
        { IsBackground = true };
        thread.Start();

        (await result.Task.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be("kept");
    }

    private static async Task ObserveAsync(TaskCompletionSource<(bool, bool, int, int)> result)
    {
        var beforeOnPool = Thread.CurrentThread.IsThreadPoolThread;
        var before = Environment.CurrentManagedThreadId;
        await SocketThread.LeaveAsync();
        result.SetResult((beforeOnPool, Thread.CurrentThread.IsThreadPoolThread, before, Environment.CurrentManagedThreadId));
    }

    private static async Task ReadAfterLeavingAsync(AsyncLocal<string> local, TaskCompletionSource<string?> result)
    {
        await SocketThread.LeaveAsync();
        result.SetResult(Thread.CurrentThread.IsThreadPoolThread ? local.Value : "still on the thread that started");
    }
}
