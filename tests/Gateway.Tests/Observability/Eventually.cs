namespace Switchyard.Gateway.Tests.Observability;

/// <summary>Waits for a condition that another thread makes true, checking often, failing after a generous limit.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"Condition not met within {timeout ?? TimeSpan.FromSeconds(15)}: {because}");
            }

            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, because);
}
