using EnvServer.Environments.Core;
using EnvServer.Environments.DrugDose;
using static EnvServer.Environments.Tests.DrugDose.DrugDoseRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.DrugDose;

public class PkpdToxicityTests
{
    [Fact]
    public void Reset_ManySeeds_DrawsRatesInDocumentedRanges()
    {
        using var environment = new DrugDoseEnvironment();

        for (var seed = 0; seed < 100; seed++)
        {
            environment.Reset(Options(PkpdToxicity, seed));
            var state = State(environment);
            Assert.InRange(state.GetProperty("elimination_rate").GetDouble(), 0.03, 0.08);
            Assert.InRange(state.GetProperty("k12").GetDouble(), 0.02, 0.06);
            Assert.InRange(state.GetProperty("k21").GetDouble(), 0.01, 0.03);
            Assert.InRange(state.GetProperty("ke0").GetDouble(), 0.2, 0.5);
            Assert.Equal(0.01, state.GetProperty("noise_std").GetDouble());
        }
    }

    [Fact]
    public void Step_NoiseDisabled_FollowsTwoCompartmentEquations()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(PkpdToxicity, 11, ("noise_std", 0.0), ("initial_concentration", 1.0)));
        var state = State(environment);
        var k10 = state.GetProperty("elimination_rate").GetDouble();
        var k12 = state.GetProperty("k12").GetDouble();
        var k21 = state.GetProperty("k21").GetDouble();
        var ke0 = state.GetProperty("ke0").GetDouble();
        double cc = 1.0, cp = 0.0, ce = 1.0;
        Assert.Equal(cp, state.GetProperty("peripheral").GetDouble());
        Assert.Equal(ce, state.GetProperty("effect_site").GetDouble());

        foreach (var dose in new[] { 1.0, 0.5, 0.0, 1.0, 0.2, 0.0, 0.7 })
        {
            var result = environment.Step(new DrugDoseAction(dose));

            var nextCc = Math.Max(0, cc + dose - (k10 + k12) * cc + k21 * cp);
            cp = cp + k12 * cc - k21 * cp;
            cc = nextCc;
            ce += ke0 * (cc - ce);
            state = State(environment);
            Assert.Equal(cc, state.GetProperty("concentration").GetDouble(), 1e-12);
            Assert.Equal(cp, state.GetProperty("peripheral").GetDouble(), 1e-12);
            Assert.Equal(ce, state.GetProperty("effect_site").GetDouble(), 1e-12);
            Assert.Equal(WindowReward(ce) - 0.1 * dose, result.Reward!.Value, 1e-12);
            Assert.Equal(ce is >= 2 and <= 3, Observation(result).GetProperty("in_window").GetBoolean());
            Assert.False(result.Done);
        }
    }

    [Fact]
    public void Step_Always_MeasuresPlasmaEveryFourSteps()
    {
        using var environment = new DrugDoseEnvironment();
        var result = environment.Reset(Options(PkpdToxicity, 5, ("initial_concentration", 2.0)));
        var readings = new List<(double Measured, int Age, double Plasma, double Dose, double[] Features)>();

        for (var t = 0; t <= 12; t++)
        {
            if (t > 0) result = environment.Step(new DrugDoseAction(0.3));
            var observation = Observation(result);
            readings.Add((
                observation.GetProperty("concentration").GetDouble(),
                observation.GetProperty("measurement_age").GetInt32(),
                State(environment).GetProperty("concentration").GetDouble(),
                observation.GetProperty("dose").GetDouble(),
                Features(result)));
        }

        Assert.Equal([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0], readings.Select(r => r.Age));
        for (var t = 0; t <= 12; t++)
        {
            var r = readings[t];
            Assert.Equal([r.Measured, r.Age, r.Dose], r.Features);
            if (r.Age == 0)
            {
                // Log-normal error with log-sd 0.1: five sd is a factor e^±0.5.
                Assert.InRange(r.Measured / r.Plasma, Math.Exp(-0.5), Math.Exp(0.5));
            }
            else
            {
                Assert.Equal(readings[t - 1].Measured, r.Measured);
                Assert.NotEqual(readings[t - 1].Plasma, r.Plasma);
            }
        }

        Assert.Contains(readings, r => r.Age == 0 && r.Measured != r.Plasma);
    }

    [Fact]
    public void Reset_SeedWithoutProcessNoise_AssayReadsTheDocumentedDraws()
    {
        const long seed = 31;
        using var environment = new DrugDoseEnvironment();
        var reset = environment.Reset(Options(PkpdToxicity, seed, ("noise_std", 0.0), ("initial_concentration", 2.0)));
        StepResult result = null!;
        for (var t = 0; t < 4; t++) result = environment.Step(new DrugDoseAction(0.5));
        var plasma = State(environment).GetProperty("concentration").GetDouble();

        // The stream is consumed by k10, k12, k21, ke0, then one assay draw per sample; σ = 0 draws nothing.
        var random = new SeededRandom(seed);
        for (var i = 0; i < 4; i++) random.NextDouble();
        Assert.Equal(2.0 * Math.Exp(0.1 * random.Normal()), Concentration(reset), 1e-12);
        Assert.Equal(plasma * Math.Exp(0.1 * random.Normal()), Concentration(result), 1e-12);
    }

    [Fact]
    public void Step_RepeatedMaxDose_TerminatesToxic()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(PkpdToxicity, 123));
        var stepsInWindow = 0;

        StepResult result;
        do
        {
            result = environment.Step(new DrugDoseAction(1.0));
            if (Observation(result).GetProperty("in_window").GetBoolean()) stepsInWindow++;
        }
        while (!result.Done);

        Assert.True(result.Terminated);
        Assert.False(result.Truncated);
        Assert.True(environment.StepCount < 100, $"ended at step {environment.StepCount}");
        Assert.True(result.Reward < -10.0, $"reward {result.Reward}");
        var metadata = Metadata(result);
        Assert.True(metadata.GetProperty("toxic").GetBoolean());
        Assert.Equal(Grader.Clip(stepsInWindow / 100.0 - 0.5), metadata.GetProperty("grader_score").GetDouble(), 1e-12);
        var state = State(environment);
        Assert.True(state.GetProperty("toxic").GetBoolean());
        Assert.True(state.GetProperty("effect_site").GetDouble() > 4.5);
    }

    [Fact]
    public void Grade_ToxicAfterThreeStepsInWindow_SubtractsPenaltyFromHorizonFraction()
    {
        using var environment = new DrugDoseEnvironment();
        // Starting at 2.9 with no dose, Ce stays in [2, 3] for three steps for every patient the ranges allow
        // (lowest case, k10 = 0.08, k12 = 0.06, ke0 = 0.5: Ce3 ≈ 2.14); then a dose of 100 drives Ce past 4.5 at once.
        environment.Reset(Options(PkpdToxicity, 8,
            ("initial_concentration", 2.9), ("noise_std", 0.0), ("max_dose", 100.0), ("max_steps", 5)));

        var inWindow = new List<bool>();
        StepResult result = null!;
        foreach (var dose in new[] { 0.0, 0.0, 0.0, 100.0 })
        {
            result = environment.Step(new DrugDoseAction(dose));
            inWindow.Add(Observation(result).GetProperty("in_window").GetBoolean());
        }

        Assert.Equal([true, true, true, false], inWindow);
        Assert.True(result.Terminated);
        // Distance above the window, the dose cost 0.1 · 100 and the toxic penalty 10.
        var effect = State(environment).GetProperty("effect_site").GetDouble();
        Assert.Equal(-(effect - 3.0) - 10.0 - 10.0, result.Reward!.Value, 1e-9);
        // 3 of a horizon of 5, not of the 4 steps played, less 0.5.
        Assert.Equal(3.0 / 5.0 - 0.5, environment.GraderScore!.Value, 1e-12);
        // Unlike the grade, in_range_pct is over the steps played.
        Assert.Equal(75.0, Metadata(result).GetProperty("in_range_pct").GetDouble(), 1e-9);
    }

    [Fact]
    public void Step_ToxicAtHorizon_TerminatedNotTruncated()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(PkpdToxicity, 2, ("max_dose", 100.0), ("max_steps", 1)));

        var result = environment.Step(new DrugDoseAction(100.0));

        Assert.True(result.Terminated);
        Assert.False(result.Truncated);
    }

    [Fact]
    public void Reset_EliminationRateOption_ReplacesK10AndKeepsOtherRates()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(PkpdToxicity, 9));
        var drawn = State(environment);

        environment.Reset(Options(PkpdToxicity, 9, ("elimination_rate", 0.2)));
        var overridden = State(environment);

        Assert.Equal(0.2, overridden.GetProperty("elimination_rate").GetDouble());
        Assert.NotEqual(0.2, drawn.GetProperty("elimination_rate").GetDouble());
        foreach (var rate in new[] { "k12", "k21", "ke0" })
        {
            Assert.Equal(drawn.GetProperty(rate).GetDouble(), overridden.GetProperty(rate).GetDouble());
        }
    }
}
