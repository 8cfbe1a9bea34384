using System.Text.Json;
using EnvServer.Environments.Hiv;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Hiv.HivRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Hiv;

/// <summary>What each task shows the agent, how patients are drawn, and determinism under a seed.</summary>
public class HivTaskTests
{
    private static readonly string[] ObservationKeys = ["state", "log_state", "cd4", "viral_load", "action", "rti_efficacy", "pi_efficacy", "features"];

    [Theory]
    [InlineData(DefaultPatient)]
    [InlineData(RandomizedPatient)]
    public void FullStateTask_Observation_HasStateLogStateAndReadouts(string taskId)
    {
        using var environment = new HivEnvironment();
        environment.Reset(Options(taskId, 5));
        var observation = Observation(environment.Step(new HivAction(2)));
        var truth = State(environment);

        Assert.Equal(ObservationKeys, observation.EnumerateObject().Select(p => p.Name));
        var state = Array(observation, "state");
        var logState = Array(observation, "log_state");
        Assert.Equal(6, state.Length);
        Assert.Equal(new[] { "t1", "t1_star", "t2", "t2_star", "v", "e" }.Select(n => truth.GetProperty(n).GetDouble()), state);
        Assert.Equal(state.Select(Math.Log10), logState);
        Assert.Equal(logState, Array(observation, "features"));
        Assert.Equal(state[0] + state[1], observation.GetProperty("cd4").GetDouble());
        Assert.Equal(state[4], observation.GetProperty("viral_load").GetDouble());
        Assert.Equal(2, observation.GetProperty("action").GetInt32());
        Assert.Equal(0.7, observation.GetProperty("rti_efficacy").GetDouble());
        Assert.Equal(0.0, observation.GetProperty("pi_efficacy").GetDouble());
    }

    [Fact]
    public void DefaultPatient_Reset_ObservesBenchmarkStartWithNoTreatment()
    {
        using var environment = new HivEnvironment();
        var observation = Observation(environment.Reset(Options()));

        Assert.Equal(new[] { 163573.0, 11945.0, 5.0, 46.0, 63919.0, 24.0 }, Array(observation, "state"));
        Assert.Equal(0, observation.GetProperty("action").GetInt32());
        Assert.Equal(0.0, observation.GetProperty("rti_efficacy").GetDouble());
        Assert.Equal(0.0, observation.GetProperty("pi_efficacy").GetDouble());
        Assert.Contains("\"rti_efficacy\":0.0", JsonText.Of(environment.Step(new HivAction(1)).Observation));
    }

    [Fact]
    public void ClinicalMonitoring_Observation_OnlyNoisyCd4AndViralLoad()
    {
        using var environment = new HivEnvironment();
        environment.Reset(Options(ClinicalMonitoring, 9));
        var cd4Ratios = new List<double>();
        var viralRatios = new List<double>();
        for (var t = 0; t < 100; t++)
        {
            var observation = Observation(environment.Step(new HivAction(t % 4)));
            var truth = State(environment);
            Assert.Equal(ObservationKeys, observation.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Null, observation.GetProperty("state").ValueKind);
            Assert.Equal(JsonValueKind.Null, observation.GetProperty("log_state").ValueKind);
            var cd4 = observation.GetProperty("cd4").GetDouble();
            var viralLoad = observation.GetProperty("viral_load").GetDouble();
            Assert.Equal(new[] { Math.Log10(cd4), Math.Log10(viralLoad) }, Array(observation, "features"));
            cd4Ratios.Add(Math.Log(cd4 / (truth.GetProperty("t1").GetDouble() + truth.GetProperty("t1_star").GetDouble())));
            viralRatios.Add(Math.Log10(viralLoad / truth.GetProperty("v").GetDouble()));
        }

        // The log-errors are centred with the documented spreads: ±10 % (ln) for CD4, 0.15 log10 for viral load.
        Assert.InRange(StandardDeviation(cd4Ratios), 0.07, 0.13);
        Assert.InRange(StandardDeviation(viralRatios), 0.11, 0.19);
        Assert.InRange(cd4Ratios.Average(), -0.04, 0.04);
        Assert.InRange(viralRatios.Average(), -0.06, 0.06);
    }

    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(HivRun))]
    public void SameSeed_SamePatientAndTrajectory(string taskId)
    {
        Assert.Equal(Trajectory(taskId, 42), Trajectory(taskId, 42));
    }

    [Theory]
    [InlineData(RandomizedPatient)]
    [InlineData(ClinicalMonitoring)]
    public void DifferentSeeds_DifferentPatients(string taskId)
    {
        var patients = Enumerable.Range(0, 5).Select(seed => Patient(taskId, seed)).ToList();

        Assert.Equal(5, patients.Distinct().Count());
    }

    [Fact]
    public void DefaultPatient_AnySeed_BenchmarkDefaultParameters()
    {
        Assert.All(Enumerable.Range(0, 3), seed => Assert.Equal((8e-7, 1e-4, 0.34, 1e4), Patient(DefaultPatient, seed)));
    }

    [Fact]
    public void RandomizedPatient_Draws_StayInBenchmarkRangesAndSpreadAcrossThem()
    {
        var patients = Enumerable.Range(0, 300).Select(seed => Patient(RandomizedPatient, seed)).ToList();

        Assert.All(patients, p =>
        {
            Assert.InRange(p.K1, 5e-7, 8e-7);
            Assert.InRange(p.K2, 1e-5, 1e-4);
            Assert.InRange(p.F, 0.29, 0.34);
            Assert.Equal(1e4, p.Lambda1);
        });
        Assert.True(patients.Min(p => p.K1) < 5.2e-7 && patients.Max(p => p.K1) > 7.8e-7);
        Assert.True(patients.Min(p => p.K2) < 1.5e-5 && patients.Max(p => p.K2) > 9.5e-5);
    }

    [Fact]
    public void RandomizedPatient_Return_DependsOnThePatient()
    {
        var returns = Enumerable.Range(0, 3).Select(seed => Play(Options(RandomizedPatient, seed), HivBaselinePolicies.NeverTreat)).ToList();

        Assert.Equal(3, returns.Distinct().Count());
    }

    [Theory]
    [InlineData("healthy", new[] { 967839.0, 76.0, 621.0, 6.0, 415.0, 353108.0 })]
    [InlineData("uninfected", new[] { 1e6, 0.0, 3198.0, 0.0, 0.0, 10.0 })]
    public void InitialState_Option_StartsFromBenchmarkMode(string mode, double[] expected)
    {
        using var environment = new HivEnvironment();
        var observation = Observation(environment.Reset(Options(DefaultPatient, 1, ("initial_state", mode))));

        Assert.Equal(expected, Array(observation, "state"));
        // An empty compartment reads log10(1e-6) = −6, not −∞.
        Assert.All(Array(observation, "log_state"), x => Assert.True(double.IsFinite(x)));
    }

    [Fact]
    public void EarlyTermination_HealthyPatient_TerminatesAfterTenStableSteps()
    {
        using var environment = new HivEnvironment();
        var (_, replies) = Play(environment, Options(DefaultPatient, 1, ("initial_state", "healthy"), ("early_termination", true)), HivBaselinePolicies.NeverTreat);

        Assert.Equal(11, replies.Count);
        Assert.True(replies[^1].Terminated);
        Assert.False(replies[^1].Truncated);
        Assert.Equal(10, State(environment).GetProperty("stable_steps").GetInt32());
    }

    [Fact]
    public void EarlyTermination_Off_HealthyPatientRunsFullEpisode()
    {
        using var environment = new HivEnvironment();
        var (_, replies) = Play(environment, Options(DefaultPatient, 1, ("initial_state", "healthy")), HivBaselinePolicies.NeverTreat);

        Assert.Equal(201, replies.Count);
        Assert.True(State(environment).GetProperty("stable_steps").GetInt32() >= 10);
    }

    [Fact]
    public void EarlyTermination_UnhealthyUntreatedPatient_NeverStable()
    {
        using var environment = new HivEnvironment();
        var (_, replies) = Play(environment, Options(DefaultPatient, 1, ("early_termination", true)), HivBaselinePolicies.NeverTreat);

        Assert.Equal(201, replies.Count);
        Assert.True(replies[^1].Truncated);
    }

    [Fact]
    public void MaxSteps_Option_TruncatesEarlier()
    {
        using var environment = new HivEnvironment();
        var (_, replies) = Play(environment, Options(DefaultPatient, 1, ("max_steps", 7)), HivBaselinePolicies.NeverTreat);

        Assert.Equal(8, replies.Count);
        Assert.True(replies[^1].Truncated);
    }

    private static List<string> Trajectory(string taskId, long seed)
    {
        using var environment = new HivEnvironment();
        var replies = new List<string> { JsonText.Of(environment.Reset(Options(taskId, seed)).Observation), JsonText.Of(environment.State) };
        for (var t = 0; t < 20; t++)
        {
            var result = environment.Step(new HivAction((t * 7 + 3) % 4));
            replies.Add(JsonText.Of(result.Observation) + result.Reward);
        }

        replies.Add(JsonText.Of(environment.State));
        return replies.Select(r => r.Replace("\"episode\"", "")).ToList();
    }

    private static (double K1, double K2, double F, double Lambda1) Patient(string taskId, long seed)
    {
        using var environment = new HivEnvironment();
        environment.Reset(Options(taskId, seed));
        var state = State(environment);
        return (state.GetProperty("k1").GetDouble(), state.GetProperty("k2").GetDouble(), state.GetProperty("f").GetDouble(), state.GetProperty("lambda1").GetDouble());
    }

    private static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
