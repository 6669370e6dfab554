using Switchyard.Domain.Counting;

namespace Switchyard.Domain.Health;

/// <summary>
/// The passive-health circuit of one target: closed → (too many failures) → open for a cooldown → half-open, where
/// exactly one trial request is admitted → closed on success, open again on failure. Thread-safe.
/// Client aborts are not outcomes: call <see cref="Release"/> for them, never <see cref="RecordFailure"/>.
/// <para>
/// Every request of a group asks its targets' health several times (filter, admission, outcome), so the healthy case
/// takes no lock: while the circuit is closed, reads, admission and successes are a volatile read of the status and
/// interlocked counts. Failures and every transition take the lock, and re-check the status under it.
/// </para>
/// </summary>
public sealed class TargetHealth
{
    private readonly Lock _gate = new();
    private readonly PassiveHealthOptions _options;
    private readonly TimeProvider _time;
    private readonly SlidingCounters _window; // requests, failures
    private volatile HealthStatus _status; // volatile: read without the lock on the healthy path
    private int _consecutiveFailures;
    private long _openUntil;
    private bool _trialTaken;
    private long _trialStarted;

    public TargetHealth(PassiveHealthOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _window = new SlidingCounters(ToTimestamp(options.Window), options.WindowBuckets);
    }

    /// <summary>The status right now: an open circuit whose cooldown has ended reads as <see cref="HealthStatus.HalfOpen"/>.</summary>
    public HealthStatus Status
    {
        get
        {
            if (_status == HealthStatus.Closed)
            {
                return HealthStatus.Closed;
            }

            lock (_gate)
            {
                return _status == HealthStatus.Open && _time.GetTimestamp() >= _openUntil ? HealthStatus.HalfOpen : _status;
            }
        }
    }

    /// <summary>Whether a request could be admitted now (without taking the trial): what the health filter asks.</summary>
    public bool IsAvailable
    {
        get
        {
            if (_status == HealthStatus.Closed)
            {
                return true;
            }

            lock (_gate)
            {
                var now = _time.GetTimestamp();
                return _status switch
                {
                    HealthStatus.Closed => true,
                    HealthStatus.Open => now >= _openUntil,
                    HealthStatus.HalfOpen => !TrialBlocks(now),
                    _ => false,
                };
            }
        }
    }

    /// <summary>Time left in the cooldown (zero when not cooling down).</summary>
    public TimeSpan CooldownRemaining
    {
        get
        {
            if (_status == HealthStatus.Closed)
            {
                return TimeSpan.Zero;
            }

            lock (_gate)
            {
                var now = _time.GetTimestamp();
                return _status == HealthStatus.Open && now < _openUntil ? _time.GetElapsedTime(now, _openUntil) : TimeSpan.Zero;
            }
        }
    }

    /// <summary>Failure rate over the window (0 when nothing was recorded), for strategies that weigh health.</summary>
    public double RecentFailureRate
    {
        get
        {
            var (requests, failures) = _window.Totals(_time.GetTimestamp());
            return requests == 0 ? 0 : (double)failures / requests;
        }
    }

    /// <summary>
    /// Asks to send one request. <paramref name="bypass"/> is the "every candidate is unhealthy" case: the request
    /// goes through whatever the state, as <see cref="AdmissionKind.Bypass"/>.
    /// </summary>
    public AdmissionKind TryAdmit(bool bypass = false)
    {
        if (_status == HealthStatus.Closed)
        {
            return AdmissionKind.Normal;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            switch (_status)
            {
                case HealthStatus.Closed:
                    return AdmissionKind.Normal;
                case HealthStatus.Open when now < _openUntil:
                    return bypass ? AdmissionKind.Bypass : AdmissionKind.Denied;
                default:
                    // Cooldown over (or half-open): the first request to ask becomes the trial.
                    if (TrialBlocks(now))
                    {
                        return bypass ? AdmissionKind.Bypass : AdmissionKind.Denied;
                    }

                    _status = HealthStatus.HalfOpen;
                    _trialTaken = true;
                    _trialStarted = now;
                    return AdmissionKind.Trial;
            }
        }
    }

    public HealthTransition RecordSuccess(AdmissionKind admission)
    {
        if (_status == HealthStatus.Closed)
        {
            return CountSuccessWhileClosed();
        }

        lock (_gate)
        {
            if (_status == HealthStatus.Closed)
            {
                return CountSuccessWhileClosed();
            }

            // While open, a late success from a request admitted before the circuit opened proves little; the trial
            // (or a request sent because everything was unhealthy) is the evidence that counts.
            if (admission is AdmissionKind.Trial or AdmissionKind.Bypass || (_status == HealthStatus.HalfOpen && !_trialTaken))
            {
                CloseLocked();
                return HealthTransition.Closed;
            }

            return HealthTransition.None;
        }
    }

    public HealthTransition RecordFailure(AdmissionKind admission)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            switch (_status)
            {
                case HealthStatus.Closed:
                    var consecutive = Interlocked.Increment(ref _consecutiveFailures);
                    _window.Add(now, 1, 1);
                    if (consecutive >= _options.ConsecutiveFailures || RateTripped(now))
                    {
                        OpenLocked(now, _options.Cooldown);
                        return HealthTransition.Opened;
                    }

                    return HealthTransition.None;
                default:
                    // A failed trial, or a failed request sent while everything was unhealthy: another full cooldown.
                    // Late failures of requests admitted before the circuit opened change nothing.
                    if (admission is AdmissionKind.Trial or AdmissionKind.Bypass)
                    {
                        OpenLocked(now, _options.Cooldown);
                        return HealthTransition.Opened;
                    }

                    return HealthTransition.None;
            }
        }
    }

    /// <summary>The request ended without an outcome (the client went away): frees the trial if it held it.</summary>
    public void Release(AdmissionKind admission)
    {
        if (admission != AdmissionKind.Trial)
        {
            return;
        }

        lock (_gate)
        {
            if (_status == HealthStatus.HalfOpen)
            {
                _trialTaken = false;
            }
        }
    }

    /// <summary>
    /// Puts the target in cooldown for <paramref name="duration"/> from now, unless it is already cooling down for
    /// longer: a cooldown learned from another instance, or a provider's <c>Retry-After</c>.
    /// </summary>
    public HealthTransition Cooldown(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return HealthTransition.None;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var until = now + ToTimestamp(duration);
            if (_status == HealthStatus.Open && _openUntil >= until)
            {
                return HealthTransition.None;
            }

            var wasOpen = _status == HealthStatus.Open && now < _openUntil;
            OpenLocked(now, duration);
            return wasOpen ? HealthTransition.None : HealthTransition.Opened;
        }
    }

    /// <summary>Ends a cooldown early (another instance saw the target recover): the next request is a trial.</summary>
    public void EndCooldown()
    {
        lock (_gate)
        {
            if (_status == HealthStatus.Open)
            {
                _openUntil = _time.GetTimestamp();
            }
        }
    }

    /// <summary>
    /// A success while the circuit is closed: no lock needed. One racing a failure that opens the circuit lands in the
    /// window the opening clears, which is harmless.
    /// </summary>
    private HealthTransition CountSuccessWhileClosed()
    {
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Interlocked.Exchange(ref _consecutiveFailures, 0);
        }

        _window.Add(_time.GetTimestamp(), 1, 0);
        return HealthTransition.None;
    }

    private bool RateTripped(long now)
    {
        var (requests, failures) = _window.Totals(now);
        return requests >= _options.MinimumRequests && failures >= _options.FailureRateThreshold * requests;
    }

    private bool TrialBlocks(long now) =>
        _status == HealthStatus.HalfOpen && _trialTaken && _time.GetElapsedTime(_trialStarted, now) < _options.TrialTimeout;

    private void OpenLocked(long now, TimeSpan duration)
    {
        _openUntil = now + ToTimestamp(duration);
        _status = HealthStatus.Open;
        _trialTaken = false;
        Volatile.Write(ref _consecutiveFailures, 0);
        _window.Clear();
    }

    private void CloseLocked()
    {
        _trialTaken = false;
        Volatile.Write(ref _consecutiveFailures, 0);
        _window.Clear();
        _status = HealthStatus.Closed; // last: the lock-free paths see a clean window
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);
}
