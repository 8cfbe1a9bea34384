using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Polypharmacy.PolypharmacyRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Polypharmacy;

public class PolypharmacyEnvironmentTests
{
    [Fact]
    public void Spec_TasksBudgetsAndDefault_AsSpec()
    {
        var spec = PolypharmacyEnvironment.Spec;

        Assert.Equal("polypharmacy", spec.Id);
        Assert.Equal([(Easy, "easy"), (Medium, "medium"), (Hard, "hard")], spec.Tasks.Select(t => (t.Id, t.Difficulty)));
        Assert.Equal(Medium, spec.DefaultTaskId);
        Assert.Equal((4, 2, 10), (TaskRules.Easy.QueryBudget, TaskRules.Easy.InterventionBudget, TaskRules.Easy.MaxSteps));
        Assert.Equal((8, 3, 20), (TaskRules.Medium.QueryBudget, TaskRules.Medium.InterventionBudget, TaskRules.Medium.MaxSteps));
        Assert.Equal((12, 5, 30), (TaskRules.Hard.QueryBudget, TaskRules.Hard.InterventionBudget, TaskRules.Hard.MaxSteps));
        Assert.Same(spec, EnvironmentRegistry.CreateDefault().Find("polypharmacy"));
        Assert.IsType<PolypharmacyEnvironment>(spec.Factory());
    }

    [Fact]
    public void Reset_Default_IsBudgetedScreeningWithFullBudgets()
    {
        using var environment = new PolypharmacyEnvironment();

        var result = environment.Reset(Options());

        var observation = Observation(result);
        Assert.Equal(Medium, Metadata(result).GetProperty("task_id").GetString());
        Assert.Equal(8, observation.GetProperty("remaining_query_budget").GetInt32());
        Assert.Equal(3, observation.GetProperty("remaining_intervention_budget").GetInt32());
        Assert.Equal(20, observation.GetProperty("remaining_steps").GetInt32());
        Assert.Equal(0.0, result.Reward);
    }

    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(PolypharmacyRun))]
    public void Reset_PatientIndex_PicksThatPatient(string taskId)
    {
        using var environment = new PolypharmacyEnvironment();

        for (var index = 0; index < 40; index += 13)
        {
            var result = environment.Reset(Options(taskId, 99, ("patient_index", index)));
            var patient = PatientTable.Shared[taskId][index];
            Assert.Equal(patient.PatientId, Observation(result).GetProperty("patient_id").GetString());
            Assert.Equal(patient.Medications.Select(m => m.DrugId), DrugIds(result));
            Assert.Equal(index, State(environment).GetProperty("patient_index").GetInt32());
        }
    }

    [Fact]
    public void Reset_Seeds_DrawPatientsDeterministicallyAndCoverTheCohort()
    {
        using var environment = new PolypharmacyEnvironment();
        string PatientOf(long seed) => Observation(environment.Reset(Options(Hard, seed))).GetProperty("patient_id").GetString()!;

        var first = Enumerable.Range(0, 200).Select(s => PatientOf(s)).ToArray();
        var second = Enumerable.Range(0, 200).Select(s => PatientOf(s)).ToArray();

        Assert.Equal(first, second);
        Assert.True(first.Distinct().Count() > 30, $"only {first.Distinct().Count()} patients drawn");
    }

    [Fact]
    public void Query_SevereModerateNone_RewardsBonusMinusCost()
    {
        var (environment, _) = Start(Patient(Medium, ["AF", "OA"], "warfarin", "naproxen", "aspirin", "omeprazole"));

        var severe = environment.Step(Query("warfarin", "naproxen"));
        var moderate = environment.Step(Query("aspirin", "warfarin"));
        var none = environment.Step(Query("omeprazole", "naproxen"));

        Assert.Equal(0.05 - 0.015, severe.Reward!.Value, 12);
        Assert.Equal(0.02 - 0.015, moderate.Reward!.Value, 12);
        Assert.Equal(-0.015, none.Reward!.Value, 12);
        var queries = Observation(none).GetProperty("interaction_queries");
        Assert.Equal(3, queries.GetArrayLength());
        Assert.Equal(("naproxen", "warfarin", "severe", "avoid_combination", 0.90),
            (queries[0].GetProperty("drug_id_1").GetString(), queries[0].GetProperty("drug_id_2").GetString(), queries[0].GetProperty("severity").GetString(),
             queries[0].GetProperty("recommendation").GetString(), queries[0].GetProperty("base_risk").GetDouble()));
        Assert.Equal("none", queries[2].GetProperty("severity").GetString());
        Assert.Equal(5, Observation(none).GetProperty("remaining_query_budget").GetInt32());
    }

    [Fact]
    public void Observation_Medication_ShowsClassDoseBeersAndSubstitutes()
    {
        var (_, reset) = Start(Patient(Medium, ["OA", "CKD"], "naproxen", "warfarin", "omeprazole"));

        var naproxen = Observation(reset).GetProperty("current_medications")[0];

        Assert.Equal(("M01A", 500.0, true, false), (naproxen.GetProperty("atc_class").GetString(), naproxen.GetProperty("dose_mg").GetDouble(),
            naproxen.GetProperty("high_risk_elderly").GetBoolean(), naproxen.GetProperty("critical").GetBoolean()));
        Assert.Equal(new[] { "avoid", "caution" }, naproxen.GetProperty("beers_flags").EnumerateArray().Select(b => b.GetProperty("criterion").GetString()).Order());
        Assert.Equal(new[] { "ibuprofen", "celecoxib" }, naproxen.GetProperty("substitutes").EnumerateArray().Select(s => s.GetProperty("drug_id").GetString()));
        Assert.Equal(new[] { "stop", "dose_reduce", "substitute", "add_monitoring" }, naproxen.GetProperty("valid_interventions").EnumerateArray().Select(v => v.GetString()));
        var omeprazole = Observation(reset).GetProperty("current_medications")[2];
        Assert.DoesNotContain("substitute", omeprazole.GetProperty("valid_interventions").EnumerateArray().Select(v => v.GetString()));
    }

    /// <summary>The mask agrees with the environment: every masked-in action is valid, every masked-out one is invalid.</summary>
    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(PolypharmacyRun))]
    public void ActionMask_EveryIndex_MatchesStepValidity(string taskId)
    {
        using var environment = new PolypharmacyEnvironment();
        var agent = new RandomValidAgent(5);
        var result = environment.Reset(Options(taskId, 5, ("patient_index", 5)));
        var steps = 0;
        while (!result.Done && steps++ < 6)
        {
            var mask = Mask(result);
            var medications = Observation(result).GetProperty("current_medications").EnumerateArray()
                .ToDictionary(m => m.GetProperty("slot").GetInt32(), m => m);
            for (var index = 1; index < ActionMask.Size; index++)
            {
                var (type, a, b, intervention) = ActionMask.Decode(index);
                if (!medications.ContainsKey(a) || (b >= 0 && !medications.ContainsKey(b)))
                {
                    Assert.Equal(0.0, mask[index]);
                    continue;
                }

                var drugA = medications[a].GetProperty("drug_id").GetString()!;
                var episode = environment.CurrentEpisode!;
                bool valid;
                if (type == "query_ddi") valid = episode.QueryProblem(drugA, medications[b].GetProperty("drug_id").GetString()!) is null;
                else if (intervention == "substitute") valid = PolypharmacyCatalog.Shared.Drugs.Any(d => d.Id != drugA && episode.InterventionProblem(drugA, "substitute", d.Id) is null);
                else valid = episode.InterventionProblem(drugA, intervention!, null) is null;
                Assert.Equal(valid ? 1.0 : 0.0, mask[index]);
            }

            Assert.Equal(1.0, mask[ActionMask.FinishIndex]);
            result = environment.Step(agent.Act(Observation(result)));
            Assert.Null(LastError(result));
        }
    }

    [Fact]
    public void ActionMask_AfterEnd_IsAllZero()
    {
        var (environment, _) = Start(Patient(Easy, ["AF", "OA"], "warfarin", "naproxen"));

        var result = environment.Step(Finish());

        Assert.All(Mask(result), m => Assert.Equal(0.0, m));
        Assert.Equal(0, Observation(result).GetProperty("valid_query_pairs").GetArrayLength());
    }

    [Fact]
    public void ActionMask_Layout_RoundTrips()
    {
        Assert.Equal(166, ActionMask.Size);
        Assert.Equal(1, ActionMask.QueryIndex(0, 1));
        Assert.Equal(105, ActionMask.QueryIndex(13, 14));
        Assert.Equal(106, ActionMask.InterventionIndex(0, "stop"));
        Assert.Equal(165, ActionMask.InterventionIndex(14, "add_monitoring"));
        var seen = new HashSet<int>();
        for (var i = 0; i < 15; i++)
        {
            for (var j = i + 1; j < 15; j++)
            {
                var index = ActionMask.QueryIndex(j, i);
                Assert.True(seen.Add(index));
                Assert.Equal(("query_ddi", i, j), (ActionMask.Decode(index).ActionType, ActionMask.Decode(index).SlotA, ActionMask.Decode(index).SlotB));
            }

            foreach (var type in PolypharmacyVocabulary.InterventionTypes)
            {
                var index = ActionMask.InterventionIndex(i, type);
                Assert.True(seen.Add(index));
                Assert.Equal((i, type), (ActionMask.Decode(index).SlotA, ActionMask.Decode(index).InterventionType));
            }
        }

        Assert.Equal(165, seen.Count);
        Assert.DoesNotContain(0, seen);
    }

    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(PolypharmacyRun))]
    public void SameSeedAndActions_GiveIdenticalReplies(string taskId)
    {
        string Run()
        {
            using var environment = new PolypharmacyEnvironment();
            var agent = new RandomValidAgent(11);
            var result = environment.Reset(Options(taskId, 11));
            var text = JsonText.Of(result.Observation);
            while (!result.Done)
            {
                result = environment.Step(agent.Act(Observation(result)));
                text += JsonText.Of(result.Observation) + result.Reward + JsonText.Of(result.Metadata);
            }

            return text;
        }

        Assert.Equal(Run(), Run());
    }
}
