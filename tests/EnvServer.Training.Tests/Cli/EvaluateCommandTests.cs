using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
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
        var agent = new ActorCritic(4 + ActionMask.MaxSlots * (17 + 34), ActionSpace.Masked(layout), 8);
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

    [Fact]
    public async Task RunAsync_SaveData_WritesRolloutsSummaryAndPlotsThatAgreeWithTheConsole()
    {
        var root = Directory.CreateTempSubdirectory("evaluate-");
        try
        {
            var checkpoint = Path.Combine(root.FullName, "model.safetensors");
            var agent = new ActorCritic(1, new ActionSpace("dose", IsDiscrete: false, Size: 1), 16);
            AgentCheckpoint.Save(checkpoint, agent, new Dictionary<string, string> { ["env"] = "drug-dose", ["task"] = "fixed_patient" });
            var data = Path.Combine(root.FullName, "eval");
            var console = new StringWriter();

            var exit = await EvaluateCommand.RunAsync(
                ["--checkpoint", checkpoint, "--episodes", "2", "--deterministic", "--seed", "40", "--save-data", data, "--plot-episodes", "1"], console, CancellationToken.None);

            Assert.Equal(0, exit);
            Assert.Equal(["episode_000.svg", "episodes.csv", "rollouts.csv", "summary.json"], Directory.GetFiles(data).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            var rows = File.ReadAllLines(Path.Combine(data, "rollouts.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(2 * 101, rows.Count);
            Assert.Equal(["40", "41"], rows.Select(r => r[1]).Distinct());

            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "summary.json")));
            var results = summary.RootElement.GetProperty("results").EnumerateArray().ToList();
            for (var episode = 0; episode < 2; episode++)
            {
                var last = rows.Last(r => r[0] == episode.ToString(CultureInfo.InvariantCulture));
                Assert.Equal("100", last[2]);
                Assert.Equal(results[episode].GetProperty("return").GetDouble(), double.Parse(last[5], CultureInfo.InvariantCulture), 9);
            }

            Assert.Contains("drug-dose/fixed_patient: 2 episodes (deterministic)", console.ToString(), StringComparison.Ordinal);
            Assert.Equal("svg", XDocument.Load(Path.Combine(data, "episode_000.svg")).Root!.Name.LocalName);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
