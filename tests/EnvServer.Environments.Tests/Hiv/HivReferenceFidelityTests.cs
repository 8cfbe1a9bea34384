using EnvServer.Environments.Hiv;
using static EnvServer.Environments.Tests.Hiv.HivRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Hiv;

/// <summary>Reference mode against the published anchor and against a literal port of the benchmark.</summary>
public class HivReferenceFidelityTests
{
    [Fact]
    public void NeverTreat_DefaultPatient_ReturnsPublishedAnchor()
    {
        using var environment = new HivEnvironment();

        var (total, replies) = Play(environment, Options(DefaultPatient), HivBaselinePolicies.NeverTreat);

        Assert.True(Relative(total, NeverTreatAnchor) < 1e-9, $"return {total:R}, relative error {Relative(total, NeverTreatAnchor):E2}");
        Assert.Equal(201, replies.Count);
        Assert.Equal(total, environment.CumulativeReward, 6);
    }

    [Fact]
    public void BenchmarkPort_NeverTreat_ReproducesAnchorExactly()
    {
        var port = new HivBenchmarkPort();
        var total = 0.0;
        for (var t = 0; t < 200; t++) total += port.Step(0).Reward;

        // The literal port is the benchmark's arithmetic, so it must hit the published value to the last digit.
        Assert.Equal(NeverTreatAnchor, total);
    }

    [Theory]
    [InlineData(1, 8e-7, 1e-4, 0.34)]
    [InlineData(2, 5.5e-7, 3e-5, 0.3)]
    [InlineData(3, 7.2e-7, 8e-5, 0.29)]
    public void ReferenceIntegrator_RandomPolicy_MatchesBenchmarkPortEveryStep(int seed, double k1, double k2, double f)
    {
        var port = new HivBenchmarkPort(k1, k2, f);
        var integrator = new ReferenceEulerIntegrator();
        var patient = HivParameters.Default with { K1 = k1, K2 = k2, F = f };
        var state = HivState.Unhealthy;
        var random = new Random(seed);
        double portReturn = 0, ownReturn = 0;
        for (var t = 0; t < 60; t++)
        {
            var action = random.Next(4);
            var (expected, reward) = port.Step(action);
            ownReturn += HivReward.Of(state, HivTreatment.Of(action));
            portReturn += reward;
            state = integrator.Advance(state, new HivRates(patient, HivTreatment.Of(action))).Clipped();

            var actual = new double[6];
            state.CopyTo(actual);
            for (var i = 0; i < 6; i++) Assert.True(Relative(actual[i], expected[i]) < 1e-9 || Math.Abs(actual[i] - expected[i]) < 1e-9, $"step {t}, variable {i}: {actual[i]:R} vs {expected[i]:R}");
        }

        Assert.True(Relative(ownReturn, portReturn) < 1e-9);
    }

    [Fact]
    public void Step_FirstReward_IsOnTheClippedStateBeforeTheStep()
    {
        using var environment = new HivEnvironment();
        environment.Reset(Options(DefaultPatient));

        var never = environment.Step(new HivAction(0));
        environment.Reset(Options(DefaultPatient));
        var both = environment.Step(new HivAction(3));

        // −(0.1·63919 − 1000·24) on the starting state; treatment adds 2e4·(0.7² + 0.3²).
        Assert.Equal(-(0.1 * 63919.0 - 1000.0 * 24.0), never.Reward!.Value, 9);
        Assert.Equal(-(0.1 * 63919.0 + 20000.0 * 0.49 + 20000.0 * 0.09 - 1000.0 * 24.0), both.Reward!.Value, 6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Episode_AnyPolicy_KeepsStateInsideClippingBoundsAndTruncatesAt200(int action)
    {
        using var environment = new HivEnvironment();
        var (_, replies) = Play(environment, Options(RandomizedPatient, seed: 7), _ => action);

        double[] upper = [1e6, 5e4, 3200.0, 80.0, 2.5e5, 353200.0];
        foreach (var reply in replies)
        {
            var state = Array(Observation(reply), "state");
            for (var i = 0; i < 6; i++) Assert.InRange(state[i], 0.0, upper[i]);
        }

        Assert.Equal(201, replies.Count);
        Assert.All(replies, r => Assert.False(r.Terminated));
        Assert.True(replies[^1].Truncated);
        Assert.All(replies[..^1], r => Assert.False(r.Done));
    }

    [Fact]
    public void HighTCellProduction_T1AboveBound_ClippedToBoundAfterEveryStep()
    {
        // hospital_d patients make 11,000–13,000 T1 cells/mL/day, so an uninfected T1 heads for λ1/d1 > 1e6 and is
        // clipped back to the bound 1e6 after every step; the reward's E and V are unaffected.
        using var environment = new HivEnvironment();
        var (_, replies) = Play(environment, Options(DefaultPatient, 1, ("cohort", "hospital_d"), ("initial_state", "uninfected")), HivBaselinePolicies.NeverTreat);

        Assert.All(replies, r => Assert.Equal(1e6, Array(Observation(r), "state")[0]));
        Assert.True(State(environment).GetProperty("lambda1").GetDouble() > 1e4);
    }
}
