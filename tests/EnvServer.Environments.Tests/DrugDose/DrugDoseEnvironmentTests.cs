using EnvServer.Environments.Core;
using EnvServer.Environments.DrugDose;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.DrugDose.DrugDoseRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.DrugDose;

public class DrugDoseEnvironmentTests
{
    [Fact]
    public void Step_BeforeReset_ThrowsEpisodeNotStarted()
    {
        using var environment = new DrugDoseEnvironment();

        Assert.Throws<EpisodeNotStartedException>(() => environment.Step(new DrugDoseAction(0.5)));
        Assert.Throws<EpisodeNotStartedException>(() => environment.Step(JsonText.ParseText("""{"dose":0.5}""")));
    }

    [Fact]
    public void Step_AfterTruncation_ThrowsEpisodeOver()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(FixedPatient, options: ("max_steps", 1)));
        Assert.True(environment.Step(new DrugDoseAction(0.5)).Truncated);

        Assert.Throws<EpisodeOverException>(() => environment.Step(new DrugDoseAction(0.5)));
    }

    [Fact]
    public void Step_AfterTermination_ThrowsEpisodeOver()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(PkpdToxicity, options: ("max_dose", 100.0)));
        Assert.True(environment.Step(new DrugDoseAction(100.0)).Terminated);

        Assert.Throws<EpisodeOverException>(() => environment.Step(new DrugDoseAction(0.0)));
    }

    [Fact]
    public void Reset_AfterEpisodeEnds_StartsFreshEpisode()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(PkpdToxicity, options: ("max_dose", 100.0)));
        environment.Step(new DrugDoseAction(100.0));

        var result = environment.Reset(Options(FixedPatient, 4));

        Assert.False(environment.IsDone);
        Assert.Null(environment.GraderScore);
        Assert.Equal(0.0, environment.CumulativeReward);
        var metadata = Metadata(result);
        Assert.False(metadata.GetProperty("toxic").GetBoolean());
        Assert.Equal(0, State(environment).GetProperty("steps_in_window").GetInt32());
        Assert.Equal(0.4, Concentration(environment.Step(new DrugDoseAction(0.4))));
    }

    [Fact]
    public void Reset_UnknownTask_ThrowsInvalidInputForTaskId()
    {
        using var environment = new DrugDoseEnvironment();

        var error = Assert.Throws<InvalidInputException>(() => environment.Reset(Options("no_such_task")));

        Assert.Equal("task_id", error.Field);
        Assert.Contains("fixed_patient", error.Message);
    }

    [Fact]
    public void Reset_NoTask_PlaysDefaultTask()
    {
        using var environment = new DrugDoseEnvironment();

        var result = environment.Reset(Options());

        Assert.Equal(FixedPatient, Metadata(result).GetProperty("task_id").GetString());
        Assert.Equal(FixedPatient, environment.Task?.Id);
    }

    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(DrugDoseRun))]
    public void Reset_SameSeedAndActions_ByteIdenticalTrajectory(string taskId)
    {
        var first = Record(taskId, 2024);

        Assert.Equal(first, Record(taskId, 2024));
        Assert.True(first.Count > 10);
    }

    [Fact]
    public void Reset_DifferentSeedsOnVariablePatient_DifferentTrajectories()
    {
        Assert.NotEqual(Record(VariablePatient, 1), Record(VariablePatient, 2));
    }

    /// <summary>Every reply of an episode (observation, reward, flags, metadata) and the final state, as wire text.</summary>
    private static List<string> Record(string taskId, long seed)
    {
        using var environment = new DrugDoseEnvironment();
        var result = environment.Reset(Options(taskId, seed));
        var replies = new List<string> { Reply(result) };
        for (var t = 0; t < 100 && !result.Done; t++)
        {
            result = environment.Step(new DrugDoseAction(0.05 + 0.1 * (t * 7 % 10)));
            replies.Add(Reply(result));
        }

        replies.Add(JsonText.Of(environment.State));
        return replies;
    }

    private static string Reply(StepResult result) =>
        JsonText.Write(w =>
        {
            w.WritePropertyName("observation");
            w.WriteStartObject();
            result.Observation.WriteFields(w);
            w.WriteEndObject();
            w.WriteFloat("reward", result.Reward);
            w.WriteBoolean("terminated", result.Terminated);
            w.WriteBoolean("truncated", result.Truncated);
            w.WritePropertyName("metadata");
            w.WriteStartObject();
            result.Metadata.WriteFields(w);
            w.WriteEndObject();
        });
}
