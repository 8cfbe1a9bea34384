using System.Globalization;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Reports;

/// <summary>
/// The files of <c>evaluate --save-data</c>: rollouts.csv (one row per step), episodes.csv and summary.json,
/// a figure per episode for the first few, the learning curve when the checkpoint sits in a run directory, and for sepsis
/// the histogram of returns.
/// </summary>
internal static class EvaluationReport
{
    /// <returns>The files written, in order.</returns>
    public static IReadOnlyList<string> Write(string directory, EvaluationSummary summary, IReadOnlyList<Trajectory> trajectories, int plotEpisodes)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        string Add(string name)
        {
            files.Add(Path.Combine(directory, name));
            return files[^1];
        }

        using (var rollouts = new StreamWriter(Add("rollouts.csv"))) RolloutCsv.Write(rollouts, trajectories);
        using (var episodes = new StreamWriter(Add("episodes.csv"))) summary.WriteEpisodesCsv(episodes, withMetadata: true);
        File.WriteAllText(Add("summary.json"), summary.ToJson());
        foreach (var trajectory in trajectories.Take(plotEpisodes))
        {
            TrajectoryFigure.For(summary.Environment, summary.Task, trajectory).Save(Add(string.Create(CultureInfo.InvariantCulture, $"episode_{trajectory.Episode:000}.svg")));
        }

        if (summary.Environment == "sepsis") files.AddRange(ReturnHistogramFigure.Save(directory, summary));

        var metrics = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(summary.Checkpoint))!, "metrics.csv");
        if (File.Exists(metrics))
        {
            LearningCurveFigure.Build(Path.GetFileName(Path.GetDirectoryName(metrics))!, MetricsCsv.Read(metrics)).Save(Add(LearningCurveFigure.FileName));
        }

        return files;
    }
}
