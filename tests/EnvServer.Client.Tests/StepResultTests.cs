using System.Text.Json;

namespace EnvServer.Client.Tests;

public sealed class StepResultTests
{
    private static StepResult Parse(string json) => StepResult.FromEnvelope(JsonElement.Parse(json));

    [Fact]
    public void FromEnvelope_FullEnvelope_ReadsFlagsFromObservation()
    {
        var result = Parse("""
            {"observation":{"concentration":2.5,"terminated":true,"truncated":false},
             "reward":-1.0,"done":true,"metadata":{"grader_score":0.4}}
            """);

        Assert.True(result.Done);
        Assert.True(result.Terminated);
        Assert.False(result.Truncated);
        Assert.Equal(-1.0, result.Reward);
        Assert.Equal(0.4, result.GetDouble("metadata.grader_score"));
    }

    [Fact]
    public void FromEnvelope_NullRewardAndNoMetadata_GivesNullRewardAndEmptyMetadata()
    {
        var result = Parse("""{"observation":{},"reward":null,"done":false}""");

        Assert.Null(result.Reward);
        Assert.Equal(JsonValueKind.Object, result.Metadata.ValueKind);
        Assert.Null(result.GetString("metadata.episode_id"));
    }

    [Theory]
    [InlineData("observation.vitals.1", 80.0)]
    [InlineData("observation.nested.value", 3.0)]
    public void GetDouble_DottedPathWithIndex_FindsValue(string path, double expected)
    {
        var result = Parse("""{"observation":{"vitals":[70,80],"nested":{"value":3}},"reward":0,"done":false}""");

        Assert.Equal(expected, result.GetDouble(path));
    }

    [Theory]
    [InlineData("observation.vitals.2")]
    [InlineData("observation.missing")]
    [InlineData("observation.name")]
    public void GetDouble_MissingOrNotNumber_ReturnsNull(string path)
    {
        var result = Parse("""{"observation":{"vitals":[70,80],"name":"x"},"reward":0,"done":false}""");

        Assert.Null(result.GetDouble(path));
    }

    [Fact]
    public void GetDouble_PathOutsideObservationAndMetadata_Throws()
    {
        var result = Parse("""{"observation":{"concentration":1},"reward":0,"done":false}""");

        Assert.Throws<ArgumentException>(() => result.GetDouble("concentration"));
    }
}
