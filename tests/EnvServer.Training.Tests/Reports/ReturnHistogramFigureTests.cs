using System.Text.Json;
using System.Xml.Linq;
using EnvServer.Training.Reports;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Reports;

public sealed class ReturnHistogramFigureTests
{
    private static EvaluationSummary Summary(string environment, params double[] returns) => new(
        environment, "full_state", "runs/none/model.safetensors", true,
        returns.Select(r => new EpisodeEnd(0, r, 30, JsonElement.Parse("{}"))).ToList());

    [Fact]
    public void Write_SepsisEvaluation_AddsReturnHistogramPngAndSvg()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"eval-{Guid.NewGuid():N}");
        try
        {
            var files = EvaluationReport.Write(directory, Summary("sepsis", -15, 3, 4, 12, 15, 15, 14.5), [], plotEpisodes: 0);

            var png = Path.Combine(directory, "return_histogram.png");
            var svg = Path.Combine(directory, "return_histogram.svg");
            Assert.Contains(png, files);
            Assert.Contains(svg, files);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
            var text = string.Concat(XDocument.Load(svg).DescendantNodes().OfType<XText>().Select(t => t.Value));
            Assert.Contains("return of 7 deterministic episodes", text);
            Assert.Contains("mean 6.93", text);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Write_HivEvaluation_NoReturnHistogram()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"eval-{Guid.NewGuid():N}");
        try
        {
            var files = EvaluationReport.Write(directory, Summary("hiv", 1, 2, 3), [], plotEpisodes: 0);

            Assert.DoesNotContain(files, file => file.Contains("return_histogram"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
