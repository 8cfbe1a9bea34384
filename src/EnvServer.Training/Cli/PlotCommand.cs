using EnvServer.Api.Cli;
using EnvServer.Training.Logging;
using EnvServer.Training.Reports;

namespace EnvServer.Training.Cli;

/// <summary>
/// <c>plot --run runs/NAME [--output FILE]</c>: the learning curve of a run (its metrics.csv) as an SVG,
/// by default runs/NAME/learning_curve.svg. Works on a run still training.
/// </summary>
internal static class PlotCommand
{
    public const string Usage = "plot --run DIR [--output DIR/learning_curve.svg]";

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var line = CommandLine.Parse(args);
        var run = line.Require("--run");
        var metrics = Path.Combine(run, "metrics.csv");
        if (!File.Exists(metrics)) throw new ArgumentException($"--run {run}: no metrics.csv there (train writes runs/NAME/metrics.csv).");

        var path = line.Get("--output") ?? Path.Combine(run, LearningCurveFigure.FileName);
        LearningCurveFigure.Build(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(run))), MetricsCsv.Read(metrics)).Save(path);
        output.WriteLine($"wrote {path}");
        return 0;
    }
}
