using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.WebSockets;

/// <summary>
/// The error frames of /ws (spec §2): INVALID_JSON, UNKNOWN_TYPE, VALIDATION_ERROR (pydantic-shaped
/// errors) and EXECUTION_ERROR. After each the session stays open and the same connection keeps working.
/// </summary>
public sealed class WebSocketErrorFrameTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"reset",""")]
    [InlineData("{'type': 'reset'}")]
    public async Task InvalidJson_MalformedText_ErrorFrameAndConnectionKeepsWorking(string text)
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ErrorFrame(await socket.RequestAsync(text), "INVALID_JSON");

        Assert.StartsWith("Invalid JSON: ", data.GetProperty("message").GetString());
        await AssertConnectionWorksAsync(socket);
    }

    [Fact]
    public async Task UnknownType_MissingType_MessageNamesNone()
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ErrorFrame(await socket.RequestAsync("""{"data":{"seed":1}}"""), "UNKNOWN_TYPE");

        Assert.Equal("Unknown message type: None", data.GetProperty("message").GetString());
        await AssertConnectionWorksAsync(socket);
    }

    [Fact]
    public async Task UnknownType_NullType_MessageNamesNone()
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ErrorFrame(await socket.RequestAsync("""{"type":null}"""), "UNKNOWN_TYPE");

        Assert.Equal("Unknown message type: None", data.GetProperty("message").GetString());
        await AssertConnectionWorksAsync(socket);
    }

    [Theory]
    [InlineData("""{"type":"dance"}""", "dance")]
    [InlineData("""{"type":"RESET","data":{}}""", "RESET")]
    [InlineData("""{"type":"observation"}""", "observation")]
    [InlineData("""{"type":5}""", "5")]
    public async Task UnknownType_UnknownType_MessageNamesIt(string text, string shown)
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ErrorFrame(await socket.RequestAsync(text), "UNKNOWN_TYPE");

        Assert.Equal($"Unknown message type: {shown}", data.GetProperty("message").GetString());
        await AssertConnectionWorksAsync(socket);
    }

    [Fact]
    public async Task ValidationError_ActionFieldOfWrongType_ErrorLocatedInAction()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");

        var data = WireAssert.ErrorFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":[0.5]}}"""), "VALIDATION_ERROR");

        var issue = WireAssert.SingleIssue(data.GetProperty("errors"), "float_type", "dose");
        Assert.Equal("[0.5]", issue.GetProperty("input").GetRawText());
        Assert.Equal("Input should be a valid number", issue.GetProperty("msg").GetString());
        await AssertEpisodeContinuesAsync(socket, expectedStepCount: 1);
    }

    [Fact]
    public async Task ValidationError_UnknownActionField_ExtraForbidden()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");

        var data = WireAssert.ErrorFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1,"route":"iv"}}"""), "VALIDATION_ERROR");

        var issue = WireAssert.SingleIssue(data.GetProperty("errors"), "extra_forbidden", "route");
        Assert.Equal("iv", issue.GetProperty("input").GetString());
        Assert.Equal("Extra inputs are not permitted", issue.GetProperty("msg").GetString());
        await AssertEpisodeContinuesAsync(socket, expectedStepCount: 1);
    }

    [Fact]
    public async Task ValidationError_ActionWithoutDose_MissingWithActionAsInput()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");

        var data = WireAssert.ErrorFrame(await socket.RequestAsync("""{"type":"step","data":{"metadata":{}}}"""), "VALIDATION_ERROR");

        var issue = WireAssert.SingleIssue(data.GetProperty("errors"), "missing", "dose");
        Assert.Equal("Field required", issue.GetProperty("msg").GetString());
        // pydantic reports a missing field with the object that lacks it as input.
        Assert.Equal("""{"metadata":{}}""", issue.GetProperty("input").GetRawText());
        await AssertEpisodeContinuesAsync(socket, expectedStepCount: 1);
    }

    [Fact]
    public async Task ValidationError_StepWithoutData_MissingData()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");

        var data = WireAssert.ErrorFrame(await socket.RequestAsync("""{"type":"step"}"""), "VALIDATION_ERROR");

        var issue = WireAssert.SingleIssue(data.GetProperty("errors"), "missing", "data");
        Assert.Equal("""{"type":"step"}""", issue.GetProperty("input").GetRawText());
        await AssertEpisodeContinuesAsync(socket, expectedStepCount: 1);
    }

    [Theory]
    [InlineData("""{"type":"step","data":[1]}""", "[1]")]
    [InlineData("""{"type":"step","data":"dose=1"}""", "\"dose=1\"")]
    [InlineData("""{"type":"step","data":null}""", "null")]
    [InlineData("""{"type":"reset","data":5}""", "5")]
    [InlineData("""{"type":"reset","data":[]}""", "[]")]
    [InlineData("""{"type":"mcp","data":"tools/list"}""", "\"tools/list\"")]
    public async Task ValidationError_DataNotAnObject_DictTypeAtData(string text, string input)
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ErrorFrame(await socket.RequestAsync(text), "VALIDATION_ERROR");

        // The message models declare data as Dict[str, Any]: pydantic's dict_type.
        var issue = WireAssert.SingleIssue(data.GetProperty("errors"), "dict_type", "data");
        Assert.Equal("Input should be a valid dictionary", issue.GetProperty("msg").GetString());
        Assert.Equal(input, issue.GetProperty("input").GetRawText());
        await AssertConnectionWorksAsync(socket);
    }

    [Theory]
    [InlineData("""{"type":"step","data":{"dose":1},"id":7}""", "id", "7")]
    [InlineData("""{"type":"reset","data":{},"seed":1}""", "seed", "1")]
    [InlineData("""{"type":"mcp","data":{"jsonrpc":"2.0","method":"tools/list"},"x":null}""", "x", "null")]
    public async Task ValidationError_ExtraEnvelopeKey_ExtraForbidden(string text, string key, string input)
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ErrorFrame(await socket.RequestAsync(text), "VALIDATION_ERROR");

        var issue = WireAssert.SingleIssue(data.GetProperty("errors"), "extra_forbidden", key);
        Assert.Equal(input, issue.GetProperty("input").GetRawText());
        await AssertConnectionWorksAsync(socket);
    }

    [Theory]
    [InlineData("""[{"type":"reset"}]""")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"reset\"")]
    [InlineData("null")]
    public async Task ValidationError_MessageNotAnObject_ErrorAndConnectionKeepsWorking(string text)
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ErrorFrame(await socket.RequestAsync(text), "VALIDATION_ERROR");

        var issue = WireAssert.SingleIssue(data.GetProperty("errors"), "model_attributes_type");
        Assert.Equal(text, issue.GetProperty("input").GetRawText());
        await AssertConnectionWorksAsync(socket);
    }

    [Theory]
    [InlineData("""{"seed":-1}""", "greater_than_equal", "seed")]
    [InlineData("""{"seed":[1]}""", "int_type", "seed")]
    [InlineData("""{"task_id":"no_such_task"}""", "literal_error", "task_id")]
    [InlineData("""{"episode_id":7}""", "string_type", "episode_id")]
    [InlineData("""{"max_steps":0}""", "greater_than_equal", "max_steps")]
    [InlineData("""{"max_dose":0}""", "greater_than", "max_dose")]
    [InlineData("""{"noise_std":{"sd":1}}""", "float_type", "noise_std")]
    public async Task ValidationError_BadResetOption_ErrorLocatedInData(string resetData, string type, string field)
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ErrorFrame(await socket.RequestAsync($$"""{"type":"reset","data":{{resetData}}}"""), "VALIDATION_ERROR");

        WireAssert.SingleIssue(data.GetProperty("errors"), type, field);
        await AssertConnectionWorksAsync(socket);
    }

    [Fact]
    public async Task ValidationError_SeveralBadFields_ListsEachError()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");

        var data = WireAssert.ErrorFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":null,"a":1,"b":2}}"""), "VALIDATION_ERROR");

        var errors = data.GetProperty("errors");
        Assert.Equal(3, errors.GetArrayLength());
        Assert.Contains(errors.EnumerateArray(), e => e.GetProperty("type").GetString() == "float_type");
        Assert.Equal(2, errors.EnumerateArray().Count(e => e.GetProperty("type").GetString() == "extra_forbidden"));
        Assert.All(errors.EnumerateArray(), e => WireAssert.Issue(e, e.GetProperty("type").GetString()!, e.GetProperty("loc")[0].GetString()!));
    }

    [Fact]
    public async Task StepBeforeReset_StepsAFreshEpisodeAsTheReference_AndConnectionKeepsWorking()
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1}}"""));

        Assert.Equal(1, data.GetProperty("metadata").GetProperty("step_count").GetInt32());
        await AssertConnectionWorksAsync(socket);
    }

    [Fact]
    public async Task ExecutionError_StepAfterDone_ErrorFrameAndResetStartsAgain()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1,"max_steps":2}}""");
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1}}"""));
        var last = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1}}"""));
        Assert.True(last.GetProperty("done").GetBoolean());
        Assert.True(last.GetProperty("observation").GetProperty("truncated").GetBoolean());
        Assert.False(last.GetProperty("observation").GetProperty("terminated").GetBoolean());

        var data = WireAssert.ErrorFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1}}"""), "EXECUTION_ERROR");

        Assert.Contains("over", data.GetProperty("message").GetString());
        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));
        Assert.Equal(2, state.GetProperty("step_count").GetInt32());
        await AssertConnectionWorksAsync(socket);
    }

    [Fact]
    public async Task Errors_OneAfterAnother_EachGetsExactlyOneReplyInOrder()
    {
        await using var socket = await server.Host.ConnectAsync();
        string[] requests =
        [
            "nope",
            """{"type":"dance"}""",
            """{"type":"step","data":{"dose":{}}}""",
            """{"type":"step","data":{"dose":1}}""",
            """{"type":"reset","data":{"seed":4}}""",
        ];

        foreach (var request in requests) await socket.SendTextAsync(request);

        WireAssert.ErrorFrame(await socket.ReceiveJsonAsync(), "INVALID_JSON");
        WireAssert.ErrorFrame(await socket.ReceiveJsonAsync(), "UNKNOWN_TYPE");
        WireAssert.ErrorFrame(await socket.ReceiveJsonAsync(), "VALIDATION_ERROR");
        WireAssert.ObservationFrame(await socket.ReceiveJsonAsync());
        var reset = WireAssert.ObservationFrame(await socket.ReceiveJsonAsync());
        Assert.Equal(4, reset.GetProperty("metadata").GetProperty("seed").GetInt64());
    }

    /// <summary>reset and step succeed on the connection, from whatever state it was in.</summary>
    private static async Task AssertConnectionWorksAsync(RawWebSocket socket)
    {
        var reset = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}"""));
        Assert.Equal(0, reset.GetProperty("metadata").GetProperty("step_count").GetInt32());
        var step = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1}}"""));
        Assert.Equal(1, step.GetProperty("metadata").GetProperty("step_count").GetInt32());
    }

    /// <summary>The failed request left the episode untouched: the next step is step number <paramref name="expectedStepCount"/>.</summary>
    private static async Task AssertEpisodeContinuesAsync(RawWebSocket socket, int expectedStepCount)
    {
        var step = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1}}"""));
        Assert.Equal(expectedStepCount, step.GetProperty("metadata").GetProperty("step_count").GetInt32());
        Assert.Equal(JsonValueKind.Number, step.GetProperty("reward").ValueKind);
    }
}
