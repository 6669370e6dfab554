using Switchyard.Domain.Health;

namespace Switchyard.Gateway.Resilience;

/// <summary>Once a minute: forgets idle targets' state and expired in-process sticky entries, so neither grows without bound.</summary>
public sealed class ResilienceMaintenance(
    TargetStateRegistry states,
    StickyAssignments sticky,
    ResilienceOptions options,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                states.Sweep(options.ForgetIdleTargetsAfter);
                sticky.SweepExpired();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
