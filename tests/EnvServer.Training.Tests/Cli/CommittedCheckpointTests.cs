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
    [InlineData("hiv-default_patient-dqn.safetensors", "default_patient", 1, 1e10)]
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

    /// <summary>Each polypharmacy task has a fixed list of 40 patients: the agent must beat the heuristic's mean grade over all of them.</summary>
    [Theory]
    [InlineData("easy_screening", 0.941)]
    [InlineData("budgeted_screening", 0.509)]
    [InlineData("complex_tradeoff", 0.446)]
    public async Task Evaluate_CommittedPolypharmacyCheckpoint_BeatsTheHeuristicOnEveryPatient(string task, double heuristic)
    {
        var output = new StringWriter();

        var exitCode = await EvaluateCommand.RunAsync(
            ["--checkpoint", Path.Combine(ModelsDirectory(), $"polypharmacy-{task}.safetensors"), "--sweep", "patient_index=0..39", "--deterministic"],
            output, CancellationToken.None);

        Assert.Equal(0, exitCode);
        var summary = MeanGrade().Match(output.ToString());
        Assert.True(summary.Success, output.ToString());
        var grade = double.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(grade > heuristic, $"{task}: mean grader_score {grade} over the 40 patients, heuristic {heuristic}");
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

    [GeneratedRegex(@"40 episodes \(deterministic\).*mean grader_score ([0-9.]+)")]
    private static partial Regex MeanGrade();

    [GeneratedRegex(@"mean return (-?[0-9.]+(?:[eE][+-]?[0-9]+)?)")]
    private static partial Regex MeanReturn();
}
