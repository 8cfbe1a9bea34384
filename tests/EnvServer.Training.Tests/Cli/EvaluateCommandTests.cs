using EnvServer.Environments.Polypharmacy;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Cli;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Cli;

public sealed class EvaluateCommandTests
{
    [Fact]
    public async Task RunAsync_MaskedCheckpointWithSweep_PlaysOneEpisodePerPatient()
    {
        var layout = new MaskedActionLayout(ActionMask.MaxSlots, PolypharmacyVocabulary.InterventionTypes.ToArray());
        var agent = new ActorCritic(4 + ActionMask.MaxSlots * (17 + 34), ActionSpace.Masked(layout), 8, new Random(3));
        var path = Path.Combine(Path.GetTempPath(), $"agent-{Guid.NewGuid():N}.safetensors");
        var output = new StringWriter();

        try
        {
            AgentCheckpoint.Save(path, agent, new Dictionary<string, string>());
            await EvaluateCommand.RunAsync(
                ["--checkpoint", path, "--env", "polypharmacy", "--task", "easy_screening", "--sweep", "patient_index=0..2", "--deterministic"], output, default);
        }
        finally
        {
            File.Delete(path);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0,2000000000,", "1,2000000001,", "2,2000000002,"], lines.Skip(1).Take(3).Select(l => l[..(l.IndexOf(',', l.IndexOf(',') + 1) + 1)]));
        Assert.Contains("3 episodes (deterministic)", lines[^1]);
        Assert.Contains("mean grader_score", lines[^1]);
    }

    [Theory]
    [InlineData("patient_index")]
    [InlineData("patient_index=3..1")]
    [InlineData("patient_index=a..b")]
    public async Task RunAsync_MalformedSweep_ThrowsNamingTheOption(string sweep)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EvaluateCommand.RunAsync(
            ["--checkpoint", "no-such-file.safetensors", "--sweep", sweep], TextWriter.Null, default));

        Assert.Contains("--sweep", error.Message);
    }
}
