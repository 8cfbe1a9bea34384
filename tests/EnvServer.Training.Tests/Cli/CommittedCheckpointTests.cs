using System.Globalization;
using System.Text.RegularExpressions;
using EnvServer.Training.Cli;

namespace EnvServer.Training.Tests.Cli;

/// <summary>
/// The pre-trained agents under models/ still meet issue 6's learning targets, played by the <c>evaluate</c> command
/// itself on the test seeds: a change to an environment or to the worker that breaks them fails here.
/// </summary>
public sealed partial class CommittedCheckpointTests
{
    [Theory]
    [InlineData("hiv-default_patient.safetensors", "default_patient", 1, 1e10)]
    [InlineData("hiv-randomized_patient.safetensors", "randomized_patient", 20, 1e10)]
    [InlineData("hiv-randomized_patient.safetensors", "default_patient", 1, 2e10)]
    [InlineData("drug-dose-variable_patient.safetensors", "variable_patient", 20, 95)]
    [InlineData("sepsis-full_state-dqn.safetensors", "full_state", 5000, 0.9 * 0.5808)]
    public async Task Evaluate_CommittedCheckpoint_MeetsItsLearningTarget(string file, string task, int episodes, double target)
    {
        var output = new StringWriter();

        var exitCode = await EvaluateCommand.RunAsync(
            ["--checkpoint", Path.Combine(ModelsDirectory(), file), "--task", task, "--episodes", episodes.ToString(CultureInfo.InvariantCulture), "--deterministic"],
            output, CancellationToken.None);

        Assert.Equal(0, exitCode);
        var summary = MeanReturn().Match(output.ToString());
        Assert.True(summary.Success, output.ToString());
        var mean = double.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(mean >= target, $"{file} on {task}: mean return {mean} over {episodes} test episodes, target {target}");
    }

    private static string ModelsDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var models = Path.Combine(directory.FullName, "models");
            if (Directory.Exists(models) && File.Exists(Path.Combine(directory.FullName, "EnvServer.sln"))) return models;
        }

        throw new DirectoryNotFoundException($"No models/ next to EnvServer.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"mean return (-?[0-9.]+(?:[eE][+-]?[0-9]+)?)")]
    private static partial Regex MeanReturn();
}
