using System.Buffers;
using System.Text;
using System.Text.Json;
using EnvServer.Api.Validation;
using EnvServer.Environments.Core;

namespace EnvServer.Api.Tests.Validation;

/// <summary>One validation error written in pydantic's shape: type, loc, msg, input, and ctx when there is one.</summary>
public sealed class ValidationIssueTests
{
    [Fact]
    public void Write_WithoutInputOrContext_WritesNullInputAndNoCtx()
    {
        var text = Write(new ValidationIssue("missing", ["data"], "Field required"));

        Assert.Equal("""{"type":"missing","loc":["data"],"msg":"Field required","input":null}""", text);
    }

    [Fact]
    public void Write_WithInputAndContext_WritesBothWithNumberKinds()
    {
        var issue = new ValidationIssue("less_than_equal", ["x"], "Input should be less than or equal to 0.5")
        {
            Input = JsonDocument.Parse("""{"a":[1,2.5]}""").RootElement,
            Context = new Dictionary<string, object> { ["le"] = 0.5, ["n"] = 3, ["ge"] = 0L, ["expected"] = "'a' or 'b'" },
        };

        var text = Write(issue);

        Assert.Equal(
            """{"type":"less_than_equal","loc":["x"],"msg":"Input should be less than or equal to 0.5","input":{"a":[1,2.5]},"ctx":{"le":0.5,"n":3,"ge":0,"expected":"'a' or 'b'"}}""",
            text);
    }

    [Fact]
    public void Write_LongInput_EchoedShortenedAsString()
    {
        var longText = new string('x', 5000);
        var issue = new ValidationIssue("string_too_long", ["episode_id"], "String should have at most 255 characters")
        {
            Input = JsonDocument.Parse($"\"{longText}\"").RootElement,
        };

        var input = JsonDocument.Parse(Write(issue)).RootElement.GetProperty("input");

        Assert.Equal(JsonValueKind.String, input.ValueKind);
        Assert.True(input.GetString()!.Length < 300);
        Assert.EndsWith("…", input.GetString());
    }

    [Fact]
    public void Under_Prefix_PrependsToLoc()
    {
        var issue = new ValidationIssue("greater_than", ["timeout_s"], "Input should be greater than 0").Under("body");

        Assert.Equal(["body", "timeout_s"], issue.Loc);
    }

    [Fact]
    public void From_InvalidInputException_NamesFieldAndType()
    {
        var issue = ValidationIssue.From(new InvalidInputException("task_id", "Unknown task", "literal_error"));

        Assert.Equal(("literal_error", "Unknown task"), (issue.Type, issue.Message));
        Assert.Equal(["task_id"], issue.Loc);
    }

    private static string Write(ValidationIssue issue)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions)) issue.Write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
