using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.DrugDose;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.DrugDose.DrugDoseRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.DrugDose;

public class FixedPatientTests
{
    private const double K = 0.05;

    [Fact]
    public void Reset_Default_ObservesEmptyPatient()
    {
        using var environment = new DrugDoseEnvironment();

        var result = environment.Reset(ResetOptions.Default);

        var observation = Observation(result);
        Assert.Equal(0.0, observation.GetProperty("concentration").GetDouble());
        Assert.Equal(0.0, observation.GetProperty("dose").GetDouble());
        Assert.False(observation.GetProperty("in_window").GetBoolean());
        Assert.Equal(0, observation.GetProperty("measurement_age").GetInt32());
        Assert.Equal(2.0, observation.GetProperty("target_low").GetDouble());
        Assert.Equal(3.0, observation.GetProperty("target_high").GetDouble());
        Assert.Equal([0.0], Features(result));
        var metadata = Metadata(result);
        Assert.Equal(FixedPatient, metadata.GetProperty("task_id").GetString());
        Assert.Equal(0.0, metadata.GetProperty("in_range_pct").GetDouble());
        Assert.False(metadata.GetProperty("toxic").GetBoolean());
        Assert.Equal(JsonValueKind.Null, metadata.GetProperty("grader_score").ValueKind);
        Assert.Equal(0.0, result.Reward);
    }

    [Fact]
    public void Step_ConstantDose_FollowsClosedFormTrajectoryAndRewards()
    {
        const double dose = 0.15;
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(FixedPatient));

        for (var t = 1; t <= 100; t++)
        {
            var result = environment.Step(new DrugDoseAction(dose));

            // C(t) = dose · (1 − (1 − k)^t) / k, the geometric sum of doses decaying by (1 − k) per step.
            var expected = dose * (1 - Math.Pow(1 - K, t)) / K;
            Assert.Equal(expected, Concentration(result), 1e-12);
            Assert.Equal([Concentration(result)], Features(result));
            Assert.Equal(WindowReward(expected), result.Reward!.Value, 1e-12);
            Assert.Equal(expected is >= 2 and <= 3, Observation(result).GetProperty("in_window").GetBoolean());
        }
    }

    [Fact]
    public void Step_ConstantDoseForHorizon_TruncatesAndGrades()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(FixedPatient));

        StepResult result;
        for (var t = 1; t < 100; t++)
        {
            result = environment.Step(new DrugDoseAction(0.15));
            Assert.False(result.Done, $"done at step {t}");
        }

        result = environment.Step(new DrugDoseAction(0.15));

        Assert.True(result.Truncated);
        Assert.False(result.Terminated);
        // 3 · (1 − 0.95^t) ≥ 2 from t = 22 (0.95^21 = 0.341 > 1/3 > 0.95^22 = 0.324): steps 22..100 are in the window.
        var metadata = Metadata(result);
        Assert.Equal(79.0, metadata.GetProperty("in_range_pct").GetDouble(), 1e-9);
        Assert.Equal(0.79, metadata.GetProperty("grader_score").GetDouble(), 1e-12);
        Assert.True(metadata.GetProperty("done").GetBoolean());
        Assert.Equal(100, metadata.GetProperty("step_count").GetInt32());
        var state = State(environment);
        Assert.Equal(0.79, state.GetProperty("grader_score").GetDouble(), 1e-12);
        Assert.Equal(79, state.GetProperty("steps_in_window").GetInt32());
        Assert.True(state.GetProperty("done").GetBoolean());
    }

    [Theory]
    [InlineData(5.0, 1.0)]
    [InlineData(-1.0, 0.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(0.4, 0.4)]
    [InlineData(double.PositiveInfinity, 1.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    public void Step_Dose_ClippedToRangeAndReported(double requested, double given)
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(FixedPatient));

        var result = environment.Step(new DrugDoseAction(requested));

        Assert.Equal(given, Observation(result).GetProperty("dose").GetDouble());
        Assert.Equal(given, Concentration(result));
    }

    [Theory]
    [InlineData("""{"dose":0.5}""", 0.5)]
    [InlineData("""{"dose":5}""", 1.0)]
    [InlineData("""{"dose":-1}""", 0.0)]
    [InlineData("""{"dose":1e400,"metadata":{}}""", 1.0)]
    public void Step_JsonAction_ParsedAndClipped(string action, double given)
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(FixedPatient));

        var result = environment.Step(JsonText.ParseText(action));

        Assert.Equal(given, Observation(result).GetProperty("dose").GetDouble());
    }

    [Fact]
    public void Step_NaNDose_ThrowsInvalidInputForDose()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(FixedPatient));

        var error = Assert.Throws<InvalidInputException>(() => environment.Step(new DrugDoseAction(double.NaN)));

        Assert.Equal("dose", error.Field);
        Assert.Equal(0, environment.StepCount);
    }

    [Fact]
    public void Grade_HandCheckedEpisode_IsInWindowFractionOfHorizon()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(FixedPatient, options: [("initial_concentration", 2.5), ("max_steps", 5)]));

        // No dose: C = 2.5 · 0.95^t = 2.375, 2.25625, 2.1434375, 2.036265625, 1.934452…: four of five in [2, 3].
        double[] expected = [2.375, 2.25625, 2.1434375, 2.036265625, 1.93445234375];
        double[] inRangePct = [100, 100, 100, 100, 80];
        StepResult result = null!;
        for (var t = 0; t < 5; t++)
        {
            result = environment.Step(new DrugDoseAction(0));
            Assert.Equal(expected[t], Concentration(result), 1e-12);
            Assert.Equal(inRangePct[t], Metadata(result).GetProperty("in_range_pct").GetDouble(), 1e-9);
        }

        Assert.True(result.Truncated);
        Assert.Equal(0.8, environment.GraderScore!.Value, 1e-12);
        Assert.Equal(-0.06554765625 + 4, environment.CumulativeReward, 1e-12);
    }

    [Fact]
    public void Reset_ModelOptions_OverrideTheSeedDefaults()
    {
        using var environment = new DrugDoseEnvironment();

        var reset = environment.Reset(Options(FixedPatient, options: [("elimination_rate", 0.1), ("initial_concentration", 10.0), ("max_steps", 3)]));

        Assert.Equal(10.0, Concentration(reset));
        double[] expected = [9.0, 8.1, 7.29];
        for (var t = 0; t < 3; t++)
        {
            var result = environment.Step(new DrugDoseAction(0));
            Assert.Equal(expected[t], Concentration(result), 1e-12);
            Assert.Equal(t == 2, result.Truncated);
        }

        var state = State(environment);
        Assert.Equal(0.1, state.GetProperty("elimination_rate").GetDouble());
        Assert.Equal(3, state.GetProperty("max_steps").GetInt32());
    }

    [Fact]
    public void Reset_MaxDoseOption_RaisesTheClip()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(FixedPatient, options: [("max_dose", 2.5)]));

        var result = environment.Step(new DrugDoseAction(5.0));

        Assert.Equal(2.5, Observation(result).GetProperty("dose").GetDouble());
        Assert.Equal(2.5, State(environment).GetProperty("max_dose").GetDouble());
    }

    [Fact]
    public void Reset_NoiseStdOption_PerturbsTheTrajectoryReproducibly()
    {
        double[] Run(long seed)
        {
            using var environment = new DrugDoseEnvironment();
            environment.Reset(Options(FixedPatient, seed, ("noise_std", 0.5)));
            Assert.Equal(0.5, State(environment).GetProperty("noise_std").GetDouble());
            return Enumerable.Range(1, 10).Select(_ => Concentration(environment.Step(new DrugDoseAction(0.5)))).ToArray();
        }

        var noisy = Run(3);

        Assert.Equal(noisy, Run(3));
        Assert.NotEqual(noisy, Run(4));
        var noiseless = Enumerable.Range(1, 10).Select(t => 0.5 * (1 - Math.Pow(1 - K, t)) / K);
        Assert.All(noisy.Zip(noiseless), p => Assert.NotEqual(p.Second, p.First, 1e-6));
    }

    [Fact]
    public void Reset_DifferentSeeds_SameNoiselessTrajectory()
    {
        string Run(long seed)
        {
            using var environment = new DrugDoseEnvironment();
            environment.Reset(Options(FixedPatient, seed));
            return string.Join('|', Enumerable.Range(0, 20).Select(t => JsonText.Of(environment.Step(new DrugDoseAction(t % 3 * 0.4)).Observation)));
        }

        Assert.Equal(Run(1), Run(99));
    }
}
