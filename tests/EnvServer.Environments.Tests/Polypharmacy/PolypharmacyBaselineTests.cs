using EnvServer.Environments.Polypharmacy;
using static EnvServer.Environments.Tests.Polypharmacy.PolypharmacyRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Polypharmacy;

/// <summary>The baselines on all 40 patients of each task: the heuristic must beat random-valid clearly, and random-valid is never invalid.</summary>
public class PolypharmacyBaselineTests
{
    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(PolypharmacyRun))]
    public void Heuristic_AllPatients_ScoresWellAboveRandomAndFinishing(string taskId)
    {
        var finish = PolypharmacyBaselines.Mean(_ => new FinishImmediatelyAgent(), taskId);
        var random = PolypharmacyBaselines.Mean(i => new RandomValidAgent(i), taskId);
        var heuristic = PolypharmacyBaselines.Mean(_ => new HeuristicAgent(), taskId);

        Assert.Equal(0.001, finish, 12);
        Assert.True(heuristic > random + 0.15, $"heuristic {heuristic:0.000} vs random {random:0.000}");
        Assert.True(heuristic > 1.5 * random, $"heuristic {heuristic:0.000} vs random {random:0.000}");
    }

    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(PolypharmacyRun))]
    public void Agents_NeverTakeInvalidActions_AndAlwaysEndTheEpisode(string taskId)
    {
        for (var index = 0; index < 40; index++)
        {
            foreach (var agent in new IPolypharmacyAgent[] { new RandomValidAgent(index), new HeuristicAgent() })
            {
                using var environment = new PolypharmacyEnvironment();
                var result = environment.Reset(Options(taskId, index, ("patient_index", index)));
                while (!result.Done) result = environment.Step(agent.Act(Observation(result)));

                Assert.Equal(0, State(environment).GetProperty("invalid_actions").GetInt32());
                Assert.NotNull(environment.GraderScore);
                if (agent is HeuristicAgent) Assert.True(result.Terminated, "the heuristic finishes before the step limit");
            }
        }
    }

    [Fact]
    public void Heuristic_EasyPatient_QueriesThenActsOnTheSeverePair()
    {
        var (environment, result) = Start(Patient(Easy, ["OA", "AF"], "atorvastatin", "warfarin", "naproxen"));
        var agent = new HeuristicAgent();
        var actions = new List<PolypharmacyAction>();
        while (!result.Done)
        {
            var action = agent.Act(Observation(result));
            actions.Add(action);
            result = environment.Step(action);
        }

        Assert.Equal(Query("warfarin", "naproxen"), actions[0]);
        Assert.Contains(Substitute("naproxen", "celecoxib"), actions);
        Assert.Equal(Finish(), actions[^1]);
        Assert.True(environment.GraderScore > 0.9);
    }
}
