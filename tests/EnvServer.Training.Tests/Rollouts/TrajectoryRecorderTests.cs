using System.Text.Json;
using EnvServer.Api.Cli;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Rollouts;

public sealed class TrajectoryRecorderTests
{
    [Fact]
    public async Task Record_TwoSessionsOfShortEpisodes_KeepsEveryObservationRewardAndSeed()
    {
        await using var server = await EmbeddedServer.StartAsync();
        var options = new Dictionary<string, object?> { ["task_id"] = "fixed_patient", ["max_steps"] = 4 };
        await using var vector = await EnvironmentVector.ConnectAsync([server.Url], "drug-dose", 2, options, seed: 50);
        var recorder = new TrajectoryRecorder(vector, episodes: 3);

        for (var t = 0; t < 8; t++)
        {
            float[] doses = [0.5f, 1.0f];
            var step = await vector.StepAsync([.. doses.Select(d => (object)new Dictionary<string, object> { ["dose"] = d })]);
            recorder.Record(doses, step);
        }

        // Four episodes end (two per session); the first three are kept, in the order they ended.
        Assert.Equal(3, recorder.Trajectories.Count);
        Assert.Equal([0, 1, 2], recorder.Trajectories.Select(t => t.Episode));
        foreach (var trajectory in recorder.Trajectories)
        {
            Assert.Equal([0, 1, 2, 3, 4], trajectory.Steps.Select(s => s.Step));
            Assert.Null(trajectory.Steps[0].Action);
            Assert.Equal(0.0, trajectory.Steps[0].Observation.GetProperty("concentration").GetDouble());
            var dose = trajectory.Steps[1].Action!.Value;
            Assert.All(trajectory.Steps.Skip(1), s => Assert.Equal(dose, s.Observation.GetProperty("dose").GetSingle()));
            Assert.Equal(trajectory.End.Return, trajectory.Steps[^1].Return, 9);
            Assert.Equal(trajectory.End.Return, trajectory.Steps.Sum(s => s.Reward ?? 0), 9);
            Assert.True(trajectory.Steps[^1].Observation.GetProperty("truncated").GetBoolean());
        }

        // Both sessions end at step 4 (session order), then at step 8; session 1's seeds start at 50 + 1,000,000.
        Assert.Equal([50L, 1_000_050L, 51L], recorder.Trajectories.Select(t => t.End.Seed));
        Assert.Equal([0.5f, 1.0f, 0.5f], recorder.Trajectories.Select(t => t.Steps[1].Action!.Value));
    }

    [Fact]
    public async Task RawObservations_AfterAnEpisodeEnds_AreTheNextEpisodesReset()
    {
        await using var server = await EmbeddedServer.StartAsync();
        var options = new Dictionary<string, object?> { ["task_id"] = "fixed_patient", ["max_steps"] = 1 };
        await using var vector = await EnvironmentVector.ConnectAsync([server.Url], "drug-dose", 1, options, seed: 3);

        var step = await vector.StepAsync([new Dictionary<string, object> { ["dose"] = 1.0 }]);

        Assert.True(step.Results[0].Done);
        Assert.Equal(1.0, step.Results[0].Observation.GetProperty("concentration").GetDouble());
        Assert.Equal(0.0, vector.RawObservations[0].GetProperty("concentration").GetDouble());
        Assert.Equal(JsonValueKind.Object, vector.RawObservations[0].ValueKind);
    }
}
