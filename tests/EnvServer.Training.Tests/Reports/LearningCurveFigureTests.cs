using System.Xml.Linq;
using EnvServer.Training.Logging;
using EnvServer.Training.Reports;
using static EnvServer.Training.Tests.Plotting.SvgQuery;

namespace EnvServer.Training.Tests.Reports;

public sealed class LearningCurveFigureTests
{
    [Fact]
    public void SaveInto_RunMetricsReadBackFromCsv_PlotsReturnsTheirAveragePerStepAndEvaluations()
    {
        var root = Directory.CreateTempSubdirectory("learning-curve-");
        try
        {
            string runPath;
            using (var run = RunDirectory.Create(root.FullName, "run", ["train"]))
            {
                runPath = run.Path;
                // Two sessions: two episodes end on each step.
                for (var step = 1; step <= 30; step++)
                {
                    run.Write(new Metric("charts/episodic_return", step * 100, step));
                    run.Write(new Metric("charts/episodic_return", step * 100, step + 1));
                }

                run.Write(new Metric("losses/explained_variance", 3000, double.NaN));
                run.Write(new Metric("eval/mean_reward", 1500, 12));
                run.Write(new Metric("eval/mean_reward", 3000, 29));
            }

            var metrics = MetricsCsv.Read(Path.Combine(runPath, "metrics.csv"));
            var path = LearningCurveFigure.SaveInto(runPath, metrics);

            Assert.Equal(63, metrics.Count);
            var document = XDocument.Load(path);
            Assert.Equal(60, Elements(document, "circle", "dot").Count());
            Assert.Equal([30, 2], Elements(document, "polyline", "series").Select(p => Points(p).Count()));
            Assert.Equal(2, Elements(document, "circle", "marker").Count());
            Assert.Equal("run", Texts(document, "title").Single());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Read_LastLineCutShortByARunStillWriting_IsIgnored()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "name,step,value,wall_time\ncharts/SPS,10,500,1.0\ncharts/SP");

            Assert.Equal([new Metric("charts/SPS", 10, 500)], MetricsCsv.Read(path));

            File.WriteAllText(path, "name,step,value,wall_time\ncharts/SPS,x,500,1.0\ncharts/SPS,10,500,1.0\n");
            Assert.Throws<InvalidDataException>(() => MetricsCsv.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
