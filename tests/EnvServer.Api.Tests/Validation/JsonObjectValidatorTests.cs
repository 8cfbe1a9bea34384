using System.Text.Json;
using EnvServer.Api.Validation;
using EnvServer.Environments.DrugDose;
using EnvServer.Environments.Schema;

namespace EnvServer.Api.Tests.Validation;

/// <summary>Validation of actions and reset requests against drug-dose's schemas, with pydantic's codes, locations and inputs.</summary>
public sealed class JsonObjectValidatorTests
{
    private static readonly JsonObjectValidator Action = new(StandardSchemas.Action(DrugDoseEnvironment.Spec));
    private static readonly JsonObjectValidator Reset = new(StandardSchemas.Reset(DrugDoseEnvironment.Spec));

    [Theory]
    [InlineData("""{"dose":1}""")]
    [InlineData("""{"dose":-3.5}""")]
    [InlineData("""{"dose":0,"metadata":{"a":[1]}}""")]
    [InlineData("""{"dose":1e3}""")]
    public void Check_ValidAction_NoIssues(string json)
    {
        Assert.Empty(Action.Check(Parse(json)));
    }

    [Fact]
    public void Check_ActionWithoutDose_MissingWithObjectAsInput()
    {
        var issue = Assert.Single(Action.Check(Parse("""{"metadata":{}}""")));

        Assert.Equal(("missing", "Field required"), (issue.Type, issue.Message));
        Assert.Equal(["dose"], issue.Loc);
        Assert.Equal("""{"metadata":{}}""", issue.Input?.GetRawText());
    }

    [Theory]
    [InlineData("""{"dose":null}""")]
    [InlineData("""{"dose":[1]}""")]
    [InlineData("""{"dose":{}}""")]
    public void Check_DoseNotANumber_FloatType(string json)
    {
        var issue = Assert.Single(Action.Check(Parse(json)));

        Assert.Equal("float_type", issue.Type);
        Assert.Equal(["dose"], issue.Loc);
        Assert.Equal(Parse(json).GetProperty("dose").GetRawText(), issue.Input?.GetRawText());
    }

    [Fact]
    public void Check_ActionWithUnknownFields_ExtraForbiddenForEach()
    {
        var issues = Action.Check(Parse("""{"dose":1,"route":"iv","unit":"mg"}"""));

        Assert.Equal(["route", "unit"], issues.Select(i => i.Loc.Single()));
        Assert.All(issues, i => Assert.Equal("extra_forbidden", i.Type));
        Assert.Equal("\"iv\"", issues[0].Input?.GetRawText());
    }

    [Fact]
    public void Check_MetadataNotAnObject_DictType()
    {
        var issue = Assert.Single(Action.Check(Parse("""{"dose":1,"metadata":"x"}""")));

        Assert.Equal("dict_type", issue.Type);
        Assert.Equal(["metadata"], issue.Loc);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("1")]
    [InlineData("null")]
    public void Check_NotAnObject_ModelAttributesTypeAtRoot(string json)
    {
        var issue = Assert.Single(Action.Check(Parse(json)));

        Assert.Equal("model_attributes_type", issue.Type);
        Assert.Empty(issue.Loc);
        Assert.Equal(json, issue.Input?.GetRawText());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"seed":null,"episode_id":null,"task_id":null}""")]
    [InlineData("""{"seed":0,"task_id":"pkpd_toxicity","max_steps":3.0}""")]
    [InlineData("""{"task_name":"anything","prompt":[1,2]}""")]
    public void Check_ValidReset_NoIssues(string json)
    {
        Assert.Empty(Reset.Check(Parse(json)));
    }

    [Fact]
    public void Check_NegativeSeed_GreaterThanEqualWithIntegerBound()
    {
        var issue = Assert.Single(Reset.Check(Parse("""{"seed":-1}""")));

        Assert.Equal("greater_than_equal", issue.Type);
        Assert.Equal(["seed"], issue.Loc);
        Assert.Equal("Input should be greater than or equal to 0", issue.Message);
        Assert.Equal(0L, issue.Context!["ge"]);
    }

    [Theory]
    [InlineData("""{"seed":[1]}""")]
    [InlineData("""{"max_steps":{}}""")]
    public void Check_IntegerFieldWithNonNumber_IntType(string json)
    {
        var issue = Assert.Single(Reset.Check(Parse(json)));

        Assert.Equal(("int_type", "Input should be a valid integer"), (issue.Type, issue.Message));
    }

    [Theory]
    [InlineData("""{"seed":1.5}""")]
    [InlineData("""{"max_steps":2.25}""")]
    public void Check_IntegerFieldWithFraction_IntFromFloat(string json)
    {
        var issue = Assert.Single(Reset.Check(Parse(json)));

        Assert.Equal(("int_from_float", "Input should be a valid integer, got a number with a fractional part"), (issue.Type, issue.Message));
    }

    [Fact]
    public void Check_UnknownTask_LiteralErrorListingTasks()
    {
        var issue = Assert.Single(Reset.Check(Parse("""{"task_id":"hard"}""")));

        Assert.Equal("literal_error", issue.Type);
        Assert.Equal("Input should be 'fixed_patient', 'variable_patient' or 'pkpd_toxicity'", issue.Message);
    }

    [Fact]
    public void Check_EpisodeIdTooLong_StringTooLong()
    {
        var issue = Assert.Single(Reset.Check(Parse($$"""{"episode_id":"{{new string('e', 256)}}"}""")));

        Assert.Equal("string_too_long", issue.Type);
        Assert.Equal(255, issue.Context!["max_length"]);
    }

    [Fact]
    public void Check_FractionalBound_KeptAsDouble()
    {
        // elimination_rate ≤ 1 is whole; noise_std's bounds too; max_dose > 0: all whole. A fractional bound stays a double.
        var schema = new ObjectSchema("T", "t", [new FieldSchema("x", FieldType.Number, "x") { Maximum = 0.5 }]);

        var issue = Assert.Single(new JsonObjectValidator(schema).Check(Parse("""{"x":1}""")));

        Assert.Equal(0.5, issue.Context!["le"]);
        Assert.Equal("Input should be less than or equal to 0.5", issue.Message);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
