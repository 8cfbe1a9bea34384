using System.Xml.Linq;
using EnvServer.Training.Cli;
using EnvServer.Training.Logging;

namespace EnvServer.Training.Tests.Cli;

public sealed class PlotCommandTests
{
    [Fact]
    public void Run_RunDirectory_WritesItsLearningCurveThere()
    {
        var root = Directory.CreateTempSubdirectory("plot-");
        try
        {
            using (var run = RunDirectory.Create(root.FullName, "hiv__default_patient__ppo__1", ["train"]))
            {
                run.Write(new Metric("charts/episodic_return", 200, 3.4e6));
                run.Write(new Metric("charts/episodic_return", 400, 1.2e10));
            }

            var output = new StringWriter();
            var exit = PlotCommand.Run(["--run", Path.Combine(root.FullName, "hiv__default_patient__ppo__1")], output);

            Assert.Equal(0, exit);
            var path = Path.Combine(root.FullName, "hiv__default_patient__ppo__1", "learning_curve.svg");
            Assert.Equal($"wrote {path}", output.ToString().Trim());
            Assert.Equal("svg", XDocument.Load(path).Root!.Name.LocalName);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Run_DirectoryWithoutMetrics_FailsNamingTheOption()
    {
        var root = Directory.CreateTempSubdirectory("plot-");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => PlotCommand.Run(["--run", root.FullName], TextWriter.Null));

            Assert.StartsWith("--run ", error.Message, StringComparison.Ordinal);
            Assert.Contains("metrics.csv", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
