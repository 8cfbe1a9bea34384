using EnvServer.Environments.DrugDose;
using static EnvServer.Environments.Tests.DrugDose.DrugDoseRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.DrugDose;

public class VariablePatientTests
{
    [Fact]
    public void Reset_ManySeeds_DrawsEliminationRateAcrossSeedRange()
    {
        using var environment = new DrugDoseEnvironment();
        var rates = new List<double>();

        for (var seed = 0; seed < 200; seed++)
        {
            environment.Reset(Options(VariablePatient, seed));
            var state = State(environment);
            rates.Add(state.GetProperty("elimination_rate").GetDouble());
            Assert.Equal(0.01, state.GetProperty("noise_std").GetDouble());
        }

        Assert.All(rates, k => Assert.InRange(k, 0.03, 0.08));
        Assert.True(rates.Min() < 0.035 && rates.Max() > 0.075, $"rates span only [{rates.Min()}, {rates.Max()}]");
    }

    [Fact]
    public void Reset_DifferentSeeds_DifferentPatientsAndTrajectories()
    {
        (double Rate, double[] Trajectory) Run(long seed)
        {
            using var environment = new DrugDoseEnvironment();
            environment.Reset(Options(VariablePatient, seed));
            var trajectory = Enumerable.Range(0, 30).Select(_ => Concentration(environment.Step(new DrugDoseAction(0.2)))).ToArray();
            return (State(environment).GetProperty("elimination_rate").GetDouble(), trajectory);
        }

        var a = Run(1);
        var b = Run(2);

        Assert.NotEqual(a.Rate, b.Rate);
        Assert.NotEqual(a.Trajectory, b.Trajectory);
    }

    [Fact]
    public void Step_NoiseDisabled_FollowsClosedFormWithDrawnRate()
    {
        const double dose = 0.3;
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(VariablePatient, 17, ("noise_std", 0.0)));
        var k = State(environment).GetProperty("elimination_rate").GetDouble();

        for (var t = 1; t <= 50; t++)
        {
            var expected = dose * (1 - Math.Pow(1 - k, t)) / k;
            Assert.Equal(expected, Concentration(environment.Step(new DrugDoseAction(dose))), 1e-12);
        }
    }

    [Fact]
    public void Step_DefaultNoise_DeviatesFromNoiselessTrajectory()
    {
        const double dose = 0.3;
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(VariablePatient, 17));
        var k = State(environment).GetProperty("elimination_rate").GetDouble();

        var deviations = Enumerable.Range(1, 50)
            .Select(t => Concentration(environment.Step(new DrugDoseAction(dose))) - dose * (1 - Math.Pow(1 - k, t)) / k)
            .ToArray();

        // σ = 0.01 per step accumulates to a few hundredths, far above rounding yet far below the window width.
        Assert.Contains(deviations, d => Math.Abs(d) > 1e-4);
        Assert.All(deviations, d => Assert.InRange(d, -0.2, 0.2));
    }

    [Fact]
    public void Reset_EliminationRateOption_ReplacesDrawnRate()
    {
        using var environment = new DrugDoseEnvironment();

        environment.Reset(Options(VariablePatient, 5, ("elimination_rate", 0.5)));

        Assert.Equal(0.5, State(environment).GetProperty("elimination_rate").GetDouble());
    }
}
