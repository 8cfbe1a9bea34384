using System.Buffers;
using System.Text;
using System.Text.Json;
using EnvServer.Api.Protocol;
using EnvServer.Api.Validation;
using EnvServer.Environments.Core;
using EnvServer.Environments.DrugDose;

namespace EnvServer.Api.Tests.Protocol;

/// <summary>
/// The JSON bodies shared by HTTP and WebSocket replies, byte for byte. (WireJson's float writing is
/// covered in EnvServer.Environments.Tests; its writer options are checked here.)
/// </summary>
public sealed class WireWriterTests
{
    [Fact]
    public void WriteStepResult_Result_WritesEnvelopeInOpenEnvOrder()
    {
        var result = new StepResult(Fields(w => w.WriteFloat("level", 2.0)), 1.0, false, true, Fields(w => w.WriteBoolean("toxic", false)));

        var text = Write(w => WireWriter.WriteStepResult(w, result, [], sessionId: null));

        Assert.Equal(
            """{"observation":{"level":2.0,"terminated":false,"truncated":true},"reward":1.0,"done":true,"metadata":{"toxic":false}}""",
            text);
    }

    [Fact]
    public void WriteStepResult_SessionAndIgnoredKeys_AppendedToMetadata()
    {
        var result = new StepResult(Fields(_ => { }), 0.0, false, false, Fields(w => w.WriteNumber("step_count", 0)));

        var text = Write(w => WireWriter.WriteStepResult(w, result, ["task_name", "x"], sessionId: "s-1"));

        Assert.Equal(
            """{"observation":{"terminated":false,"truncated":false},"reward":0.0,"done":false,"metadata":{"step_count":0,"session_id":"s-1","ignored_reset_keys":["task_name","x"]}}""",
            text);
    }

    [Theory]
    [InlineData(null, "null")]
    [InlineData(double.NaN, "null")]
    [InlineData(double.PositiveInfinity, "null")]
    [InlineData(3.0, "3.0")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(1e-7, "1E-07")]
    public void WriteStepResult_Reward_AlwaysPresentAsFloatOrNull(double? reward, string expected)
    {
        var result = new StepResult(Fields(_ => { }), reward, true, false, Fields(_ => { }));

        var text = Write(w => WireWriter.WriteStepResult(w, result, [], sessionId: null));

        Assert.Contains($"\"reward\":{expected},\"done\":true,", text);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(text).RootElement.ValueKind);
    }

    [Fact]
    public void WriteState_FreshEnvironment_WritesBookkeepingWithNulls()
    {
        using var environment = DrugDoseEnvironment.Spec.Factory();

        var text = Write(w => WireWriter.WriteState(w, environment));

        Assert.Equal(
            """{"episode_id":null,"step_count":0,"task_id":null,"seed":null,"done":false,"cumulative_reward":0.0,"cumulative_cost":0.0,"grader_score":null}""",
            text);
    }

    [Fact]
    public void WriteIssues_Issues_WritesPydanticShapedList()
    {
        var input = JsonDocument.Parse("-1").RootElement;
        ValidationIssue[] issues =
        [
            ProtocolIssues.Missing("body"),
            new("greater_than_equal", ["seed"], "Input should be greater than or equal to 0")
            {
                Input = input,
                Context = new Dictionary<string, object> { ["ge"] = 0L },
            },
        ];

        var text = Write(w =>
        {
            w.WriteStartObject();
            WireWriter.WriteIssues(w, "detail", issues);
            w.WriteEndObject();
        });

        Assert.Equal(
            """{"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null},""" +
            """{"type":"greater_than_equal","loc":["seed"],"msg":"Input should be greater than or equal to 0","input":-1,"ctx":{"ge":0}}]}""",
            text);
    }

    [Fact]
    public void WriterOptions_NonAsciiAndHtmlCharacters_WrittenUnescaped()
    {
        var text = Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("s", "café <b>&'💊");
            w.WriteEndObject();
        });

        // Only what JSON requires is escaped; System.Text.Json's default would write \u00E9, \u003C, \u0026, \u0027.
        Assert.DoesNotContain("\\u00", text);
        Assert.Contains("café <b>&'", text);
        Assert.Equal("café <b>&'💊", JsonDocument.Parse(text).RootElement.GetProperty("s").GetString());
    }

    [Fact]
    public void WriterOptions_QuotesBackslashAndControlCharacters_StillEscaped()
    {
        var text = Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("s", "a\"b\\c\nd\u0001");
            w.WriteEndObject();
        });

        Assert.Equal("{\"s\":\"a\\\"b\\\\c\\nd\\u0001\"}", text);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions)) write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static IJsonFields Fields(Action<Utf8JsonWriter> write) => new DelegateFields(write);

    private sealed class DelegateFields(Action<Utf8JsonWriter> write) : IJsonFields
    {
        public void WriteFields(Utf8JsonWriter writer) => write(writer);
    }
}
