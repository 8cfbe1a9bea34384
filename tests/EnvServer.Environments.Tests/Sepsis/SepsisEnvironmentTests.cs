using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.Sepsis;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Sepsis.SepsisRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Sepsis;

/// <summary>Episodes of sepsis: rules of reset and step, rewards and shaping, grades, what each task shows, the reference policy.</summary>
public class SepsisEnvironmentTests
{
    [Fact]
    public void Spec_ListsTheThreeTasksAndAnIntegerActionFrom0To7()
    {
        var spec = SepsisEnvironment.Spec;

        Assert.Equal("sepsis", spec.Id);
        Assert.Equal([FullState, ObservedState, NoisyMonitoring], spec.Tasks.Select(t => t.Id));
        Assert.Equal(["easy", "medium", "hard"], spec.Tasks.Select(t => t.Difficulty));
        var action = Assert.Single(spec.Action.Fields);
        Assert.Equal(("action", EnvServer.Environments.Schema.FieldType.Integer, 0.0, 7.0, true), (action.Name, action.Type, action.Minimum, action.Maximum, action.Required));
        Assert.Contains(EnvironmentRegistry.CreateDefault().All, s => s.Id == "sepsis");
    }

    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(SepsisRun))]
    public void SameSeedAndActions_GiveIdenticalEpisodes(string taskId)
    {
        Assert.Equal(Play(taskId, 5), Play(taskId, 5));
        Assert.NotEqual(Play(taskId, 5), Play(taskId, 6));
    }

    [Fact]
    public void Reset_NeverStartsInAnAbsorbingState_AndStartsUntreated()
    {
        using var environment = new SepsisEnvironment();
        for (var seed = 0; seed < 2000; seed++)
        {
            environment.Reset(Options(FullState, seed));
            var state = TrueState(environment);
            Assert.Equal(SepsisOutcome.Continue, SepsisOutcomes.Of(state));
            Assert.False(state.OnTreatment);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reward_IsRawOutcomePlusShaping_AndShapingSumsToMinusInitialPotential(bool shaping)
    {
        using var environment = new SepsisEnvironment();
        for (var seed = 0; seed < 300; seed++)
        {
            environment.Reset(Options(FullState, seed, ("shaping", shaping)));
            var initial = TrueState(environment);
            var shapingSum = 0.0;
            StepResult result;
            var t = 0;
            do
            {
                var before = TrueState(environment);
                result = environment.Step(new SepsisAction((seed + t++) % SepsisAction.Count));
                var metadata = Metadata(result);
                var raw = metadata.GetProperty("raw_outcome").GetDouble();
                var term = metadata.GetProperty("shaping").GetDouble();
                var after = TrueState(environment);
                Assert.Equal((double)(int)SepsisOutcomes.Of(after), raw);
                Assert.Equal(raw + term, result.Reward!.Value, 1e-12);
                var expectedTerm = shaping ? (result.Done ? 0.0 : SepsisShaping.Potential(after)) - SepsisShaping.Potential(before) : 0.0;
                Assert.Equal(expectedTerm, term, 1e-12);
                shapingSum += term;
            }
            while (!result.Done);

            Assert.Equal(shaping ? -SepsisShaping.Potential(initial) : 0.0, shapingSum, 1e-12);
        }
    }

    [Fact]
    public void Episode_EndsOnDeathOrDischarge_OrIsTruncatedAt20_AndIsGraded()
    {
        using var environment = new SepsisEnvironment();
        var seen = new HashSet<int>();
        for (var seed = 0; seed < 400; seed++)
        {
            environment.Reset(Options(ObservedState, seed));
            StepResult result;
            do result = environment.Step(new SepsisAction(seed % 2 == 0 ? 0 : 6));
            while (!result.Done);

            var outcome = SepsisOutcomes.Of(TrueState(environment));
            var metadata = Metadata(result);
            Assert.Equal((int)outcome, metadata.GetProperty("outcome").GetInt32());
            if (outcome == SepsisOutcome.Continue)
            {
                Assert.True(result.Truncated);
                Assert.False(result.Terminated);
                Assert.Equal(20, environment.StepCount);
            }
            else
            {
                Assert.True(result.Terminated);
                Assert.False(result.Truncated);
                Assert.True(environment.StepCount <= 20);
            }

            var expectedGrade = outcome switch { SepsisOutcome.Death => 0.001, SepsisOutcome.Discharge => 0.999, _ => 0.5 };
            Assert.Equal(expectedGrade, environment.GraderScore);
            Assert.Equal(expectedGrade, metadata.GetProperty("grader_score").GetDouble());
            seen.Add((int)outcome);
        }

        Assert.Equal([-1, 0, 1], seen.Order());
    }

    [Fact]
    public void Observation_FullState_ShowsEverything_ObservedState_HidesDiabetic()
    {
        using var environment = new SepsisEnvironment();
        foreach (var task in new[] { FullState, ObservedState })
        {
            for (var seed = 0; seed < 50; seed++)
            {
                var result = environment.Reset(Options(task, seed));
                while (true)
                {
                    var observation = Observation(result);
                    var truth = TrueState(environment);
                    Assert.Equal(SepsisVitalsText(truth), ObservationText(observation));
                    var features = observation.GetProperty("features").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                    double diabetic = task == FullState ? (truth.Diabetic ? 1 : 0) : -1;
                    Assert.Equal(
                        [truth.HeartRate, truth.SystolicBp, truth.PercentO2, truth.Glucose, B(truth.Antibiotics), B(truth.Ventilation), B(truth.Vasopressors), diabetic],
                        features);
                    if (task == FullState) Assert.Equal(truth.Diabetic, observation.GetProperty("diabetic").GetBoolean());
                    else Assert.Equal(JsonValueKind.Null, observation.GetProperty("diabetic").ValueKind);
                    if (result.Done) break;
                    result = environment.Step(new SepsisAction(seed % 8));
                }
            }
        }
    }

    [Fact]
    public void Observation_NoisyMonitoring_HidesGlucoseAndDiabetic_AndMissesAndMisreadsAtTheDocumentedRates()
    {
        using var environment = new SepsisEnvironment();
        int readings = 0, wrong = 0, changedTruthButNotReading = 0, truthChanges = 0;
        for (var seed = 0; seed < 3000; seed++)
        {
            var result = environment.Reset(Options(NoisyMonitoring, seed));
            var previousTruth = TrueState(environment);
            var previousReading = Observation(result).GetProperty("heart_rate").GetString();
            while (!result.Done)
            {
                result = environment.Step(new SepsisAction(4)); // antibiotics: HR changes only by treatment
                var observation = Observation(result);
                Assert.Equal(JsonValueKind.Null, observation.GetProperty("glucose").ValueKind);
                Assert.Equal(JsonValueKind.Null, observation.GetProperty("diabetic").ValueKind);
                var features = observation.GetProperty("features").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                Assert.Equal(-1.0, features[3]);
                Assert.Equal(-1.0, features[7]);
                var truth = TrueState(environment);
                var reading = observation.GetProperty("heart_rate").GetString();
                readings++;
                if (reading != SepsisVitals.ThreeLevels[truth.HeartRate]) wrong++;
                if (truth.HeartRate != previousTruth.HeartRate)
                {
                    truthChanges++;
                    if (reading == previousReading) changedTruthButNotReading++;
                }

                previousTruth = truth;
                previousReading = reading;
            }
        }

        // P(reading wrong) ≈ 0.2 (misread) plus stale readings after a change; P(reading unchanged | truth changed) ≈
        // 0.2 (missing) + 0.8 · 0.2 · 1/2 (misread onto the old level). Loose bounds: the point is that both happen.
        Assert.InRange((double)wrong / readings, 0.15, 0.3);
        Assert.InRange((double)changedTruthButNotReading / truthChanges, 0.2, 0.4);
    }

    [Fact]
    public void StateAndMetadata_CarryTheReferencePolicyAndItsExactValue()
    {
        using var environment = new SepsisEnvironment();
        foreach (var dynamics in new[] { "fixed", "original" })
        {
            var reference = SepsisReference.For(new SepsisModel(SepsisNames.ParseDynamics(dynamics), SepsisAgeGroup.Adult));
            var result = environment.Reset(Options(ObservedState, 3, ("dynamics", dynamics)));
            Assert.Equal(reference.OptimalValue, Metadata(result).GetProperty("optimal_value").GetDouble());
            var step = 0;
            while (!result.Done)
            {
                var state = State(environment);
                var truth = TrueState(environment);
                Assert.Equal(dynamics, state.GetProperty("dynamics").GetString());
                Assert.Equal(reference.Policy.Action(step, truth).Index, state.GetProperty("reference_action").GetInt32());
                Assert.Equal(reference.Policy.Value(step, truth.Index), state.GetProperty("reference_value").GetDouble());
                result = environment.Step(reference.Policy.Action(step++, truth));
                Assert.Equal(reference.OptimalValue, Metadata(result).GetProperty("optimal_value").GetDouble());
            }

            Assert.Equal(JsonValueKind.Null, State(environment).GetProperty("reference_action").ValueKind);
        }

        Assert.NotEqual(
            SepsisReference.For(SepsisModel.Default).OptimalValue,
            SepsisReference.For(new SepsisModel(SepsisDynamics.Original, SepsisAgeGroup.Adult)).OptimalValue);
    }

    [Theory]
    [InlineData("fixed")]
    [InlineData("original")]
    public void MonteCarlo_ReferencePolicyNeverTreatAndRandom_MatchTheirExactValuesWithin3StandardErrors(string dynamics)
    {
        const int episodes = 10_000;
        var model = new SepsisModel(SepsisNames.ParseDynamics(dynamics), SepsisAgeGroup.Adult);
        var reference = SepsisReference.For(model);
        var random = new SeededRandom(5);

        Check(reference.OptimalValue, (step, state) => reference.Policy.Action(step, state).Index, 0);
        Check(SepsisSolver.EvaluateStart(reference.Kernel, SepsisReference.Horizon, new SepsisConstantPolicy(SepsisAction.None)), (_, _) => 0, 100_000);
        Check(SepsisSolver.EvaluateStart(reference.Kernel, SepsisReference.Horizon, SepsisUniformPolicy.Instance), (_, _) => random.NextInt(8), 200_000);

        void Check(double exact, Func<int, SepsisState, int> policy, long firstSeed)
        {
            using var environment = new SepsisEnvironment();
            var outcomes = new double[episodes];
            for (var e = 0; e < episodes; e++)
            {
                var result = environment.Reset(Options(FullState, firstSeed + e, ("dynamics", dynamics)));
                for (var t = 0; !result.Done; t++) result = environment.Step(new SepsisAction(policy(t, TrueState(environment))));
                outcomes[e] = Metadata(result).GetProperty("outcome").GetInt32();
            }

            var mean = outcomes.Average();
            var standardError = Math.Sqrt(outcomes.Select(o => (o - mean) * (o - mean)).Sum() / (episodes - 1) / episodes);
            Assert.True(Math.Abs(mean - exact) <= 3 * standardError, $"mean {mean:F4} vs exact {exact:F4} (SE {standardError:F4})");
        }
    }

    private static double B(bool value) => value ? 1 : 0;

    private static string SepsisVitalsText(SepsisState s) =>
        $"{SepsisVitals.ThreeLevels[s.HeartRate]} {SepsisVitals.ThreeLevels[s.SystolicBp]} {SepsisVitals.TwoLevels[s.PercentO2]} {SepsisVitals.GlucoseLevels[s.Glucose]} {s.Antibiotics} {s.Ventilation} {s.Vasopressors}";

    private static string ObservationText(JsonElement o) =>
        $"{o.GetProperty("heart_rate").GetString()} {o.GetProperty("systolic_bp").GetString()} {o.GetProperty("percent_o2").GetString()} {o.GetProperty("glucose").GetString()} " +
        $"{o.GetProperty("antibiotics").GetBoolean()} {o.GetProperty("ventilation").GetBoolean()} {o.GetProperty("vasopressors").GetBoolean()}";

    /// <summary>Every reply and state of an episode with a fixed action sequence, as JSON text.</summary>
    private static List<string> Play(string taskId, long seed)
    {
        using var environment = new SepsisEnvironment();
        var result = environment.Reset(Options(taskId, seed));
        var replies = new List<string>();
        for (var t = 0; ; t++)
        {
            replies.Add(JsonText.Of(result.Observation) + JsonText.Of(result.Metadata) + result.Reward + JsonText.Of(environment.State));
            if (result.Done) return replies;
            result = environment.Step(new SepsisAction(new[] { 7, 3, 6, 0, 2, 0, 0 }[t % 7]));
        }
    }
}
