using EnvServer.Environments.Core;
using EnvServer.Environments.Hiv;
using static EnvServer.Environments.Tests.Hiv.HivRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Hiv;

public class HivGraderTests
{
    private static readonly double Floor = Math.Log10(3_432_807.68);
    private static readonly double Span = Math.Log10(5e10) - Floor;

    [Fact]
    public void NeverTreat_DefaultPatientEpisode_GradesAtTheFloor()
    {
        using var environment = new HivEnvironment();
        Play(environment, Options(DefaultPatient), HivBaselinePolicies.NeverTreat);

        Assert.Equal(0.001, environment.GraderScore!.Value, 9);
    }

    [Theory]
    [InlineData(1e8)]
    [InlineData(1e9)]
    [InlineData(1e10)]
    [InlineData(2e10)]
    public void Score_BenchmarkThreshold_FollowsTheLogFormula(double episodeReturn)
    {
        var expected = (Math.Log10(episodeReturn) - Floor) / Span;

        Assert.Equal(expected, HivGrader.Score(episodeReturn), 6);
        Assert.InRange(HivGrader.Score(episodeReturn), 0.3, 0.95);
    }

    [Fact]
    public void Score_ReturnOf1e10_Is0832()
    {
        // (10 − 6.535649) / (10.698970 − 6.535649) = 0.832112…
        Assert.Equal(0.832112, Grader.Clip(HivGrader.Score(1e10)), 6);
    }

    [Theory]
    [InlineData(0.0, 0.001)]
    [InlineData(-5e6, 0.001)]
    [InlineData(1e6, 0.001)]
    [InlineData(5e10, 0.999)]
    [InlineData(1e12, 0.999)]
    public void Score_OutsideTheScale_ClipsToGraderRange(double episodeReturn, double expected)
    {
        Assert.Equal(expected, Grader.Clip(HivGrader.Score(episodeReturn)), 12);
    }

    [Fact]
    public void Grade_ReportedInFinalMetadataAndState()
    {
        using var environment = new HivEnvironment();
        var (total, replies) = Play(environment, Options(DefaultPatient), HivBaselinePolicies.ClinicalRule);

        var grade = Grader.Clip(HivGrader.Score(total));
        Assert.Equal(grade, JsonText(replies[^1]).GetProperty("grader_score").GetDouble(), 12);
        Assert.Equal(grade, State(environment).GetProperty("grader_score").GetDouble(), 12);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, JsonText(replies[^2]).GetProperty("grader_score").ValueKind);
    }

    private static System.Text.Json.JsonElement JsonText(StepResult result) => Support.JsonText.Parse(result.Metadata);
}
