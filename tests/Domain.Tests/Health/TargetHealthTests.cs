using Switchyard.Domain.Health;

namespace Switchyard.Domain.Tests.Health;

public sealed class TargetHealthTests
{
    private readonly ManualClock _clock = new();
    private readonly PassiveHealthOptions _options = new()
    {
        ConsecutiveFailures = 3,
        FailureRateThreshold = 0.5,
        MinimumRequests = 10,
        Window = TimeSpan.FromSeconds(30),
        Cooldown = TimeSpan.FromSeconds(30),
    };

    private TargetHealth NewHealth() => new(_options, _clock);

    [Fact]
    public void RecordFailure_ThreeInARow_OpensTheCircuit()
    {
        var health = NewHealth();

        health.RecordFailure(AdmissionKind.Normal).Should().Be(HealthTransition.None);
        health.RecordFailure(AdmissionKind.Normal).Should().Be(HealthTransition.None);
        health.RecordFailure(AdmissionKind.Normal).Should().Be(HealthTransition.Opened);

        health.Status.Should().Be(HealthStatus.Open);
        health.IsAvailable.Should().BeFalse();
        health.TryAdmit().Should().Be(AdmissionKind.Denied);
        health.CooldownRemaining.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void RecordSuccess_BetweenFailures_ResetsTheConsecutiveCount()
    {
        var health = NewHealth();

        health.RecordFailure(AdmissionKind.Normal);
        health.RecordFailure(AdmissionKind.Normal);
        health.RecordSuccess(AdmissionKind.Normal);
        health.RecordFailure(AdmissionKind.Normal);
        health.RecordFailure(AdmissionKind.Normal);

        health.Status.Should().Be(HealthStatus.Closed);
    }

    [Fact]
    public void RecordFailure_HalfOfTenRequestsWithoutThreeInARow_OpensOnFailureRate()
    {
        var health = NewHealth();
        var transitions = new List<HealthTransition>();

        for (var i = 0; i < 10; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            transitions.Add(i % 2 == 0 ? health.RecordSuccess(AdmissionKind.Normal) : health.RecordFailure(AdmissionKind.Normal));
        }

        transitions[^1].Should().Be(HealthTransition.Opened);
        transitions[..^1].Should().OnlyContain(t => t == HealthTransition.None);
        health.Status.Should().Be(HealthStatus.Open);
    }

    [Fact]
    public void RecordFailure_HighRateButFewerThanMinimumRequests_StaysClosed()
    {
        var health = NewHealth();

        for (var i = 0; i < 4; i++)
        {
            health.RecordSuccess(AdmissionKind.Normal);
            health.RecordFailure(AdmissionKind.Normal);
        }

        health.Status.Should().Be(HealthStatus.Closed);
    }

    [Fact]
    public void RecordFailure_FailuresOlderThanTheWindow_AgeOut()
    {
        var health = NewHealth();
        for (var i = 0; i < 4; i++)
        {
            health.RecordSuccess(AdmissionKind.Normal);
            health.RecordFailure(AdmissionKind.Normal);
        }

        health.RecentFailureRate.Should().Be(0.5);
        _clock.Advance(TimeSpan.FromSeconds(31));
        health.RecentFailureRate.Should().Be(0);

        // Had the first 8 stayed, these 6 would make 7 failures in 14 requests and open the circuit.
        for (var i = 0; i < 3; i++)
        {
            health.RecordSuccess(AdmissionKind.Normal);
            health.RecordFailure(AdmissionKind.Normal);
        }

        health.Status.Should().Be(HealthStatus.Closed);
    }

    [Fact]
    public void TryAdmit_AfterCooldown_LetsExactlyOneTrialThrough()
    {
        var health = OpenedHealth();

        _clock.Advance(TimeSpan.FromSeconds(29.9));
        health.TryAdmit().Should().Be(AdmissionKind.Denied);

        _clock.Advance(TimeSpan.FromSeconds(0.1));
        health.IsAvailable.Should().BeTrue();
        health.Status.Should().Be(HealthStatus.HalfOpen);
        health.TryAdmit().Should().Be(AdmissionKind.Trial);
        health.IsAvailable.Should().BeFalse();
        health.TryAdmit().Should().Be(AdmissionKind.Denied);
        health.TryAdmit().Should().Be(AdmissionKind.Denied);
    }

    [Fact]
    public void TryAdmit_ManyThreadsAfterCooldown_ExactlyOneGetsTheTrial()
    {
        var health = OpenedHealth();
        _clock.Advance(TimeSpan.FromSeconds(30));

        var admissions = new AdmissionKind[64];
        Parallel.For(0, admissions.Length, i => admissions[i] = health.TryAdmit());

        admissions.Count(a => a == AdmissionKind.Trial).Should().Be(1);
        admissions.Count(a => a == AdmissionKind.Denied).Should().Be(63);
    }

    [Fact]
    public void RecordSuccess_OfTheTrial_ClosesTheCircuit()
    {
        var health = OpenedHealth();
        _clock.Advance(TimeSpan.FromSeconds(30));
        var trial = health.TryAdmit();

        health.RecordSuccess(trial).Should().Be(HealthTransition.Closed);

        health.Status.Should().Be(HealthStatus.Closed);
        health.TryAdmit().Should().Be(AdmissionKind.Normal);
        health.TryAdmit().Should().Be(AdmissionKind.Normal);
    }

    [Fact]
    public void RecordFailure_OfTheTrial_ReopensForAFullCooldown()
    {
        var health = OpenedHealth();
        _clock.Advance(TimeSpan.FromSeconds(30));
        var trial = health.TryAdmit();

        health.RecordFailure(trial).Should().Be(HealthTransition.Opened);

        health.Status.Should().Be(HealthStatus.Open);
        health.CooldownRemaining.Should().Be(TimeSpan.FromSeconds(30));
        _clock.Advance(TimeSpan.FromSeconds(29));
        health.TryAdmit().Should().Be(AdmissionKind.Denied);
        _clock.Advance(TimeSpan.FromSeconds(1));
        health.TryAdmit().Should().Be(AdmissionKind.Trial);
    }

    [Fact]
    public void Release_OfATrialTheClientAbandoned_CountsNothingAndFreesTheTrial()
    {
        var health = OpenedHealth();
        _clock.Advance(TimeSpan.FromSeconds(30));
        var trial = health.TryAdmit();

        health.Release(trial);

        health.Status.Should().Be(HealthStatus.HalfOpen);
        health.TryAdmit().Should().Be(AdmissionKind.Trial);
    }

    [Fact]
    public void Release_OfNormalRequests_NeverOpensTheCircuit()
    {
        // Client aborts are reported with Release, not RecordFailure: any number of them leaves the target healthy.
        var health = NewHealth();

        for (var i = 0; i < 100; i++)
        {
            health.Release(health.TryAdmit());
        }

        health.Status.Should().Be(HealthStatus.Closed);
    }

    [Fact]
    public void TryAdmit_TrialThatNeverReports_BlocksOnlyUntilTheTrialTimeout()
    {
        var health = OpenedHealth();
        _clock.Advance(TimeSpan.FromSeconds(30));
        health.TryAdmit().Should().Be(AdmissionKind.Trial);

        _clock.Advance(_options.TrialTimeout - TimeSpan.FromSeconds(1));
        health.TryAdmit().Should().Be(AdmissionKind.Denied);
        _clock.Advance(TimeSpan.FromSeconds(1));
        health.TryAdmit().Should().Be(AdmissionKind.Trial);
    }

    [Fact]
    public void TryAdmit_WithBypass_GoesThroughAnOpenCircuitAndASuccessClosesIt()
    {
        var health = OpenedHealth();

        var admission = health.TryAdmit(bypass: true);

        admission.Should().Be(AdmissionKind.Bypass);
        health.RecordSuccess(admission).Should().Be(HealthTransition.Closed);
        health.Status.Should().Be(HealthStatus.Closed);
    }

    [Fact]
    public void RecordSuccess_LateNormalRequestWhileOpen_DoesNotClose()
    {
        var health = OpenedHealth();

        health.RecordSuccess(AdmissionKind.Normal).Should().Be(HealthTransition.None);

        health.Status.Should().Be(HealthStatus.Open);
    }

    [Fact]
    public void Cooldown_FromAnotherInstance_OpensAndIsNotShortenedByAShorterOne()
    {
        var health = NewHealth();

        health.Cooldown(TimeSpan.FromSeconds(20)).Should().Be(HealthTransition.Opened);
        health.Cooldown(TimeSpan.FromSeconds(5)).Should().Be(HealthTransition.None);

        health.CooldownRemaining.Should().Be(TimeSpan.FromSeconds(20));
        health.Cooldown(TimeSpan.FromSeconds(40)).Should().Be(HealthTransition.None);
        health.CooldownRemaining.Should().Be(TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void EndCooldown_MakesTheNextRequestATrial()
    {
        var health = OpenedHealth();

        health.EndCooldown();

        health.TryAdmit().Should().Be(AdmissionKind.Trial);
    }

    [Fact]
    public void Cooldown_ZeroOrNegative_ChangesNothing()
    {
        var health = NewHealth();

        health.Cooldown(TimeSpan.Zero).Should().Be(HealthTransition.None);
        health.Cooldown(TimeSpan.FromSeconds(-1)).Should().Be(HealthTransition.None);

        health.Status.Should().Be(HealthStatus.Closed);
    }

    [Fact]
    public void Validate_NonsenseOptions_Throws()
    {
        new PassiveHealthOptions { ConsecutiveFailures = 0 }.Invoking(o => o.Validate()).Should().Throw<ArgumentException>();
        new PassiveHealthOptions { FailureRateThreshold = 0 }.Invoking(o => o.Validate()).Should().Throw<ArgumentException>();
        new PassiveHealthOptions { FailureRateThreshold = double.NaN }.Invoking(o => o.Validate()).Should().Throw<ArgumentException>();
        new PassiveHealthOptions { Cooldown = TimeSpan.Zero }.Invoking(o => o.Validate()).Should().Throw<ArgumentException>();
        new PassiveHealthOptions().Invoking(o => o.Validate()).Should().NotThrow();
    }

    [Fact]
    public void RecordFailure_FromManyThreadsAtOnce_OpensTheCircuitExactlyOnce()
    {
        var health = NewHealth();
        var opened = 0;

        Concurrently.Run(threads: 8, each: 500, (_, _) =>
        {
            health.TryAdmit();
            if (health.RecordFailure(AdmissionKind.Normal) == HealthTransition.Opened)
            {
                Interlocked.Increment(ref opened);
            }
        });

        opened.Should().Be(1);
        health.Status.Should().Be(HealthStatus.Open);
        health.TryAdmit().Should().Be(AdmissionKind.Denied);
    }

    [Fact]
    public void RecordSuccessAndFailure_FromManyThreads_CountEveryOutcomeInTheWindow()
    {
        // Thresholds that never trip, so every outcome stays in the window; the clock stands still (one bucket).
        var health = new TargetHealth(new PassiveHealthOptions { ConsecutiveFailures = int.MaxValue, MinimumRequests = int.MaxValue }, _clock);

        Concurrently.Run(threads: 8, each: 5_000, (thread, i) =>
        {
            if (thread == 0 && i % 5 == 0)
            {
                health.RecordFailure(AdmissionKind.Normal);
            }
            else
            {
                health.RecordSuccess(health.TryAdmit());
            }
        });

        health.Status.Should().Be(HealthStatus.Closed);
        health.RecentFailureRate.Should().Be(1_000.0 / 40_000);
    }

    private TargetHealth OpenedHealth()
    {
        var health = NewHealth();
        for (var i = 0; i < _options.ConsecutiveFailures; i++)
        {
            health.RecordFailure(AdmissionKind.Normal);
        }

        health.Status.Should().Be(HealthStatus.Open);
        return health;
    }
}
