using System.Text.Json;
using EnvServer.Training.Reports;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Reports;

public sealed class EvaluationSummaryTests
{
    private static readonly EvaluationSummary Summary = new("drug-dose", "variable_patient", "model.safetensors", Deterministic: true,
    [
        new EpisodeEnd(0, 90, 100, JsonElement.Parse("""{"seed":1000,"grader_score":0.9,"in_range_pct":90.0,"toxic":false}""")),
        new EpisodeEnd(0, 96, 100, JsonElement.Parse("""{"seed":1001,"grader_score":0.96,"in_range_pct":96.0,"toxic":false}""")),
    ]);

    [Fact]
    public void Statistics_TwoEpisodes_PopulationMeanAndStd()
    {
        Assert.Equal(93, Summary.MeanReturn, 12);
        Assert.Equal(3, Summary.StdReturn, 12);
        Assert.Equal(0.93, Summary.MeanGraderScore!.Value, 12);
        Assert.Equal("drug-dose/variable_patient: 2 episodes (deterministic), mean return 93 ± 3, mean grader_score 0.93", Summary.Headline());
    }

    [Fact]
    public void WriteEpisodesCsv_WithMetadata_AddsTheFinalMetadataScalars()
    {
        var output = new StringWriter();

        Summary.WriteEpisodesCsv(output, withMetadata: true);

        Assert.Equal(
            "episode,seed,return,length,grader_score,in_range_pct,toxic\n0,1000,90,100,0.9,90.0,false\n1,1001,96,100,0.96,96.0,false\n",
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ToJson_Summary_HasTheStatisticsAndEveryEpisode()
    {
        using var json = JsonDocument.Parse(Summary.ToJson());
        var root = json.RootElement;

        Assert.Equal("deterministic", root.GetProperty("mode").GetString());
        Assert.Equal(93, root.GetProperty("mean_return").GetDouble(), 12);
        Assert.Equal(90, root.GetProperty("min_return").GetDouble());
        Assert.Equal([1000L, 1001L], root.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("seed").GetInt64()));
    }
}
