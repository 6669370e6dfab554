using System.Runtime.CompilerServices;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Health;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;
using Switchyard.Gateway.Forwarding;
using Switchyard.Gateway.Requests;
using Switchyard.Gateway.Resilience;

namespace Switchyard.Gateway.Pipeline;

/// <summary>
/// Turns a resolved plan into the order targets are tried in, and keeps the targets' runtime state current:
/// <list type="number">
/// <item>candidates at their RPM/TPM limit are left out; those in cooldown too, unless that leaves none ("healthy or
/// panic": then all are tried and the trace says <c>health_bypass</c>);</item>
/// <item>the group's strategy orders the rest (a failed target is never retried while another remains);</item>
/// <item>a sticky group puts the key's assigned target first, or assigns one (shared through Redis);</item>
/// <item>the fallbacks follow in their configured order.</item>
/// </list>
/// Per attempt: <see cref="BeginAsync"/> admits it (one trial after a cooldown, a usage reservation), <see cref="Observe"/>
/// feeds passive health and latency, <see cref="Completed"/> the answer's end (tokens, a stream cut mid-way).
/// </summary>
public sealed partial class TargetPlanner(
    TargetStateRegistry states,
    StrategySet strategies,
    StickyAssignments sticky,
    SharedCooldowns cooldowns,
    UsageCounters usage,
    RetryBackoff backoff,
    ResilienceMetrics metrics,
    ILogger<TargetPlanner> logger)
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<AttemptPlan> PlanAsync(RoutePlan plan, GatewayRequestBody body, Guid organizationId, RouteTrace trace)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(trace);

        if (plan.Kind != RouteKind.Direct)
        {
            trace.Add(plan.Strategy.ToName());
        }

        var targets = plan.Candidates;
        var candidates = new StrategyCandidate[targets.Count];
        var excluded = new bool[targets.Count];
        var limited = false;
        var snapshots = HasAnyLimit(targets) ? await usage.ReadAsync(targets) : null;
        for (var i = 0; i < targets.Count; i++)
        {
            var snapshot = snapshots?[i] ?? UsageSnapshot.None;
            candidates[i] = new StrategyCandidate(targets[i], states.Get(targets[i]), snapshot);
            if (snapshots is not null && UsageHeadroom.IsExhausted(targets[i], snapshot))
            {
                excluded[i] = true;
                limited = true;
            }
        }

        var bypass = HealthFilter.Apply(candidates, excluded);
        if (bypass)
        {
            trace.MarkHealthBypass();
            metrics.HealthBypassed();
        }

        var order = AttemptOrder.Create(strategies.Get(plan.Strategy), candidates, excluded);
        if (plan.Group is { IsSticky: true } group && order.Length > 0
            && StickyKey.Derive(body.Utf8.Span, group.StickyHashFields) is { } hash)
        {
            await ApplyStickyAsync(plan, group, organizationId, hash, candidates, order, trace);
        }

        var ordered = new List<PlannedTarget>(order.Length + plan.Fallbacks.Count);
        foreach (var index in order)
        {
            ordered.Add(new PlannedTarget(targets[index], IsFallback: false));
        }

        foreach (var target in plan.Fallbacks)
        {
            ordered.Add(new PlannedTarget(target, IsFallback: true));
        }

        return new AttemptPlan(ordered, bypass) { LimitReached = limited };
    }

    /// <summary>
    /// Admits the attempt at <paramref name="index"/>, or says why to skip it. A target in cooldown (or whose single
    /// trial another request holds) is skipped, except when health is bypassed or it is the very last chance of the
    /// request; a target at its usage limit is always skipped. <paramref name="retry"/>: a backed-off retry of the
    /// target just tried, which goes through whatever its health.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<AttemptLease> BeginAsync(AttemptPlan order, int index, RouteTrace trace, bool retry = false)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(trace);
        var step = order[index];
        var state = states.Get(step.Target);
        var admission = state.Health.TryAdmit(bypass: retry || (order.HealthBypass && !step.IsFallback));
        if (admission == AdmissionKind.Denied && index == order.Count - 1 && order.Admitted == 0)
        {
            // Nothing was tried and nothing else is left: trying an unhealthy target beats refusing the request.
            admission = state.Health.TryAdmit(bypass: true);
            if (!trace.HealthBypass)
            {
                trace.MarkHealthBypass();
                metrics.HealthBypassed();
            }
        }

        if (admission == AdmissionKind.Denied)
        {
            return AttemptLease.Deny(step.Target, AttemptDenial.Unhealthy);
        }

        if (!await usage.TryAcquireAsync(step.Target))
        {
            state.Health.Release(admission);
            order.LimitReached = true;
            return AttemptLease.Deny(step.Target, AttemptDenial.LimitReached);
        }

        order.Admitted++;
        return AttemptLease.Admit(step.Target, state, admission);
    }

    /// <summary>
    /// Called once the upstream answered (headers) or failed: feeds latency and passive health. Client aborts and
    /// requests the provider cannot take count for nothing; 408, 429, 5xx, connection failures, timeouts and broken
    /// connections are failures; any other answer shows the target is up. A 429's <c>Retry-After</c> cools the target
    /// down (on every instance) for that long, capped.
    /// </summary>
    public void Observe(AttemptLease lease, UpstreamResponse upstream, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(upstream);
        if (lease.State is not { } state)
        {
            return;
        }

        var transition = HealthTransition.None;
        switch (upstream.Error)
        {
            case ForwardError.None:
                state.Latency.Record(elapsed);
                transition = state.Health.RecordSuccess(lease.Admission);
                break;
            case ForwardError.ClientAborted or ForwardError.RequestRejected:
                return;
            case ForwardError.UpstreamStatus when !IsHealthFailure(upstream.StatusCode):
                transition = state.Health.RecordSuccess(lease.Admission);
                break;
            default:
                transition = state.Health.RecordFailure(lease.Admission);
                if (upstream.StatusCode == 429 && upstream.RetryAfter is { } retryAfter)
                {
                    var cooldown = retryAfter < states.Health.MaxRetryAfterCooldown ? retryAfter : states.Health.MaxRetryAfterCooldown;
                    if (state.Health.Cooldown(cooldown) == HealthTransition.Opened)
                    {
                        transition = HealthTransition.Opened;
                    }
                }

                break;
        }

        lease.OutcomeRecorded = true;
        Report(lease.Target, state, transition);
    }

    /// <summary>Called after the answer was copied: counts its tokens, and a stream the upstream cut counts as a failure.</summary>
    public void Completed(AttemptLease lease, CopyOutcome copied)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(copied);
        if (lease.State is not { } state)
        {
            return;
        }

        if (copied.TotalTokens is > 0 and var tokens)
        {
            _ = usage.AddTokensAsync(lease.Target, tokens);
        }

        if (copied.Truncated && !copied.ClientAborted)
        {
            Report(lease.Target, state, state.Health.RecordFailure(lease.Admission));
        }
    }

    /// <summary>
    /// The wait before trying the same target again after a failure, or null to move on (or give up). Only a request
    /// with a single target to try retries it (with several, the next target is a better bet than waiting), only after
    /// a transient failure (429, 503, connection failure; never after a timeout), at most
    /// <c>Resilience:Retry:MaxRetries</c> times, with full-jitter exponential backoff, and never sooner than the
    /// provider's <c>Retry-After</c>; a <c>Retry-After</c> above <c>Resilience:Retry:MaxRetryAfter</c> is passed to the
    /// client instead of waited for.
    /// </summary>
    public TimeSpan? RetryDelay(AttemptPlan order, int index, int retriesSoFar, UpstreamResponse upstream)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(upstream);
        var transient = upstream.Error == ForwardError.ConnectFailed
            || (upstream.Error == ForwardError.UpstreamStatus && upstream.StatusCode is 429 or 503);
        return order.Count == 1 && index == 0 && transient ? backoff.NextDelay(retriesSoFar, upstream.RetryAfter) : null;
    }

    private async Task ApplyStickyAsync(
        RoutePlan plan, CompiledGroup group, Guid organizationId, string hash, StrategyCandidate[] candidates, int[] order, RouteTrace trace)
    {
        var variant = plan.Kind == RouteKind.Inline ? InlineVariant(plan.Candidates) : null;
        var key = StickyAssignments.KeyFor(organizationId, group.Id, hash, variant);
        var assigned = await sticky.GetAsync(key);
        var position = PositionOf(assigned, candidates, order);
        if (position >= 0)
        {
            MoveToFront(order, position);
            trace.Add("sticky_hit");
            return;
        }

        // None yet, or the assigned target is gone, drained (weight 0), unhealthy or at its limit: pin the strategy's
        // choice, unless another instance pinned something usable first.
        var proposed = candidates[order[0]].State.Key.ToString();
        var winner = await sticky.AssignAsync(key, proposed, group.StickyTtl, assigned);
        var winnerPosition = PositionOf(winner, candidates, order);
        if (winnerPosition > 0)
        {
            MoveToFront(order, winnerPosition);
        }

        trace.Add(assigned is null ? "sticky_new" : "sticky_repin");
    }

    private void Report(RouteTarget target, TargetState state, HealthTransition transition)
    {
        switch (transition)
        {
            case HealthTransition.Opened:
                var remaining = state.Health.CooldownRemaining;
                Log.CooldownStarted(logger, target.QualifiedName, (long)remaining.TotalMilliseconds);
                metrics.CooldownStarted(target.QualifiedName);
                _ = cooldowns.PublishOpenedAsync(state.Key, remaining);
                break;
            case HealthTransition.Closed:
                Log.Recovered(logger, target.QualifiedName);
                metrics.Recovered(target.QualifiedName);
                _ = cooldowns.PublishClosedAsync(state.Key);
                break;
            case HealthTransition.None:
                break;
        }
    }

    private static bool IsHealthFailure(int statusCode) => statusCode is 408 or 429 or (>= 500 and <= 599);

    private static bool HasAnyLimit(IReadOnlyList<RouteTarget> targets)
    {
        foreach (var target in targets)
        {
            if (UsageCounters.HasLimits(target))
            {
                return true;
            }
        }

        return false;
    }

    private static int PositionOf(string? key, StrategyCandidate[] candidates, int[] order)
    {
        if (key is null)
        {
            return -1;
        }

        for (var i = 0; i < order.Length; i++)
        {
            if (string.Equals(candidates[order[i]].State.Key.ToString(), key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void MoveToFront(int[] order, int position)
    {
        var chosen = order[position];
        Array.Copy(order, 0, order, 1, position);
        order[0] = chosen;
    }

    // An inline target list is its own "group" for stickiness: a key pinned among one list must not re-pin another.
    private static string InlineVariant(IReadOnlyList<RouteTarget> targets)
    {
        var text = string.Join('\n', targets.Select(t => TargetKey.From(t).ToString()).Order(StringComparer.Ordinal));
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return "i" + Convert.ToHexStringLower(digest.AsSpan(0, 8));
    }

    private static partial class Log
    {
        [LoggerMessage(5031, LogLevel.Warning, "Target {Target} is cooling down for {Milliseconds} ms after failures")]
        public static partial void CooldownStarted(ILogger logger, string target, long milliseconds);

        [LoggerMessage(5032, LogLevel.Information, "Target {Target} recovered; its cooldown is over")]
        public static partial void Recovered(ILogger logger, string target);
    }
}
