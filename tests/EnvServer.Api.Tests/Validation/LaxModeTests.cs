using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;
using EnvServer.Api.Validation;
using EnvServer.Environments.Schema;

namespace EnvServer.Api.Tests.Validation;

/// <summary>
/// Issue 17: values accepted exactly as pydantic v2's lax mode accepts them for the same field types (its conversion
/// table, docs.pydantic.dev/latest/concepts/conversion_table, as pydantic-core implements it), the rest rejected with
/// pydantic's error types. Rows: field type, JSON input, the value the environment then reads (or the error type).
/// </summary>
public sealed class LaxModeTests
{
    private static readonly JsonObjectValidator Validator = new(new ObjectSchema("Lax", "Every field type",
    [
        new FieldSchema("f", FieldType.Number, "float"),
        new FieldSchema("i", FieldType.Integer, "int"),
        new FieldSchema("b", FieldType.Boolean, "bool"),
        new FieldSchema("s", FieldType.String, "str"),
        new FieldSchema("a", FieldType.NumberArray, "list[float]"),
        new FieldSchema("g", FieldType.Integer, "int ≥ 0") { Minimum = 0 },
    ]));

    [Theory]
    // float ← str: trimmed, signed, fraction, exponent, single underscores; float ← bool.
    [InlineData("f", "\"0.5\"", "0.5")]
    [InlineData("f", "\" 0.5 \"", "0.5")]
    [InlineData("f", "\"-1e3\"", "-1000.0")]
    [InlineData("f", "\"+2E-1\"", "0.2")]
    [InlineData("f", "\".5\"", "0.5")]
    [InlineData("f", "\"5.\"", "5.0")]
    [InlineData("f", "\"3\"", "3.0")]
    [InlineData("f", "\"1_000.5\"", "1000.5")]
    [InlineData("f", "true", "1.0")]
    [InlineData("f", "false", "0.0")]
    // int ← str: trimmed, +, fraction of zeros only, single underscores, leading zeros; int ← bool; int ← exact float.
    [InlineData("i", "\"3\"", "3")]
    [InlineData("i", "\"3.0\"", "3")]
    [InlineData("i", "\"3.00\"", "3")]
    [InlineData("i", "\" 3 \"", "3")]
    [InlineData("i", "\"+3\"", "3")]
    [InlineData("i", "\"-3\"", "-3")]
    [InlineData("i", "\"03\"", "3")]
    [InlineData("i", "\"1_000\"", "1000")]
    [InlineData("i", "true", "1")]
    [InlineData("i", "false", "0")]
    [InlineData("i", "3.0", "3.0")]
    // bool ← int 0/1, float 0.0/1.0, and the strings of the table, in any case.
    [InlineData("b", "1", "true")]
    [InlineData("b", "0.0", "false")]
    [InlineData("b", "\"true\"", "true")]
    [InlineData("b", "\"YES\"", "true")]
    [InlineData("b", "\"on\"", "true")]
    [InlineData("b", "\"t\"", "true")]
    [InlineData("b", "\"1\"", "true")]
    [InlineData("b", "\"Off\"", "false")]
    [InlineData("b", "\"n\"", "false")]
    [InlineData("b", "\"0\"", "false")]
    // list[float] items as float fields.
    [InlineData("a", "[\"0.5\", 1, true]", "[0.5,1,1.0]")]
    public void Check_ConvertibleInput_IsAcceptedAsPydanticConvertsIt(string field, string input, string read)
    {
        var issues = Validator.Check(Parse($"{{\"{field}\":{input}}}"), out var accepted);

        Assert.Empty(issues);
        Assert.Equal(Normal(Parse(read)), Normal(accepted.GetProperty(field)));
    }

    [Theory]
    [InlineData("f", "\"abc\"", "float_parsing")]
    [InlineData("f", "\"\"", "float_parsing")]
    [InlineData("f", "\"0x10\"", "float_parsing")]
    [InlineData("f", "\"1__0\"", "float_parsing")]
    [InlineData("f", "\"_1\"", "float_parsing")]
    [InlineData("f", "\"1e\"", "float_parsing")]
    [InlineData("f", "\"inf\"", "float_parsing")]
    [InlineData("f", "\"nan\"", "float_parsing")]
    [InlineData("f", "\"1e400\"", "float_parsing")]
    [InlineData("f", "null", "float_type")]
    [InlineData("f", "[1]", "float_type")]
    [InlineData("i", "\"3.5\"", "int_parsing")]
    [InlineData("i", "\"1e3\"", "int_parsing")]
    [InlineData("i", "\"abc\"", "int_parsing")]
    [InlineData("i", "\"\"", "int_parsing")]
    [InlineData("i", "\"1_\"", "int_parsing")]
    [InlineData("i", "3.5", "int_from_float")]
    [InlineData("i", "{}", "int_type")]
    [InlineData("b", "2", "bool_parsing")]
    [InlineData("b", "0.5", "bool_parsing")]
    [InlineData("b", "\"maybe\"", "bool_parsing")]
    [InlineData("b", "\"\"", "bool_parsing")]
    [InlineData("b", "[]", "bool_type")]
    [InlineData("s", "3", "string_type")]
    [InlineData("s", "true", "string_type")]
    [InlineData("a", "[\"x\"]", "list_type")]
    [InlineData("g", "\"-1\"", "greater_than_equal")]
    public void Check_InconvertibleInput_IsRejectedWithPydanticsErrorType(string field, string input, string type)
    {
        var issue = Assert.Single(Validator.Check(Parse($"{{\"{field}\":{input}}}"), out _));

        Assert.Equal(type, issue.Type);
        Assert.Equal([field], issue.Loc);
    }

    [Fact]
    public void Check_Strict_KeepsJsonTypes()
    {
        var issue = Assert.Single(Validator.Check(Parse("""{"i":"3"}""")));

        Assert.Equal("int_type", issue.Type);
    }

    [Theory]
    [InlineData("", """{"dose":"0.5"}""", """{"dose":0.5}""")]
    [InlineData("/envs/hiv", """{"action":"3"}""", """{"action":3}""")]
    [InlineData("/envs/sepsis", """{"action":" 4.0 "}""", """{"action":4}""")]
    [InlineData("/envs/polypharmacy", """{"action_type":"finish_review","rationale":null}""", """{"action_type":"finish_review"}""")]
    public async Task Step_NumbersAsStrings_PlayExactlyAsTheNumbers(string prefix, string lax, string strict)
    {
        await using var server = ConformanceServer.Start();
        async Task<string> PlayAsync(string action)
        {
            var id = (await HttpExchange.PostAsync(server.Http, $"{prefix}/reset", """{"seed":1}""", HttpExchange.NewSession)).SessionId;
            var step = await HttpExchange.PostAsync(server.Http, $"{prefix}/step", $$"""{"action":{{action}}}""", id);
            Assert.Equal(HttpStatusCode.OK, step.Status);
            return step.Json.GetProperty("observation").GetRawText() + step.Json.GetProperty("reward").GetRawText();
        }

        Assert.Equal(await PlayAsync(strict), await PlayAsync(lax));
    }

    [Fact]
    public async Task WebSocketReset_SeedAsString_IsTheSeed()
    {
        await using var server = ConformanceServer.Start();
        await using var socket = await server.ConnectAsync();

        var reset = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":"42"}}"""));
        var wrong = await socket.RequestAsync("""{"type":"step","data":{"dose":"lots"}}""");

        Assert.Equal(42, reset.GetProperty("metadata").GetProperty("seed").GetInt64());
        WireAssert.SingleIssue(WireAssert.ErrorFrame(wrong, "VALIDATION_ERROR").GetProperty("errors"), "float_parsing", "dose");
    }

    /// <summary>Numbers by value (5 and 5.0 are the same float), everything else as written.</summary>
    private static string Normal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.Array => "[" + string.Join(",", value.EnumerateArray().Select(Normal)) + "]",
        _ => value.GetRawText(),
    };

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
