using System.Net.WebSockets;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.WebSockets;

/// <summary>The /ws messages of OpenEnv (spec §2): reset, step, state, close and mcp, and their replies.</summary>
public sealed class WebSocketMessageTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    [Fact]
    public async Task Reset_WithoutData_ReturnsObservationOfDefaultTask()
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset"}"""));

        Assert.Equal(0.0, data.GetProperty("reward").GetDouble());
        Assert.False(data.GetProperty("done").GetBoolean());
        var metadata = data.GetProperty("metadata");
        Assert.Equal("fixed_patient", metadata.GetProperty("task_id").GetString());
        Assert.Equal(0, metadata.GetProperty("step_count").GetInt32());
        Assert.Equal(JsonValueKind.Number, metadata.GetProperty("seed").ValueKind);
        Assert.Equal(JsonValueKind.Null, metadata.GetProperty("grader_score").ValueKind);
    }

    [Fact]
    public async Task Reset_WithEmptyData_ReturnsObservation()
    {
        await using var socket = await server.Host.ConnectAsync();

        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{}}"""));
    }

    [Fact]
    public async Task Reset_WithSeedTaskAndEpisodeId_HonoursAll()
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ObservationFrame(await socket.RequestAsync(
            """{"type":"reset","data":{"seed":42,"task_id":"pkpd_toxicity","episode_id":"ep-42"}}"""));

        var metadata = data.GetProperty("metadata");
        Assert.Equal(42, metadata.GetProperty("seed").GetInt64());
        Assert.Equal("pkpd_toxicity", metadata.GetProperty("task_id").GetString());
        Assert.Equal("ep-42", metadata.GetProperty("episode_id").GetString());
        // pkpd_toxicity's features are [measured concentration, measurement_age, last dose].
        Assert.Equal(3, data.GetProperty("observation").GetProperty("features").GetArrayLength());

        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));
        Assert.Equal("ep-42", state.GetProperty("episode_id").GetString());
        Assert.Equal(42, state.GetProperty("seed").GetInt64());
        Assert.Equal("pkpd_toxicity", state.GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task Reset_WithEnvironmentOptions_AppliesThem()
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ObservationFrame(await socket.RequestAsync(
            """{"type":"reset","data":{"seed":1,"initial_concentration":2.5,"elimination_rate":0.1,"max_dose":2,"max_steps":7}}"""));

        var observation = data.GetProperty("observation");
        Assert.Equal(2.5, observation.GetProperty("concentration").GetDouble());
        Assert.True(observation.GetProperty("in_window").GetBoolean());
        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));
        Assert.Equal(0.1, state.GetProperty("elimination_rate").GetDouble());
        Assert.Equal(2.0, state.GetProperty("max_dose").GetDouble());
        Assert.Equal(7, state.GetProperty("max_steps").GetInt32());

        // A dose of 1.5 is below max_dose 2 and is not clipped to the default 1.
        var step = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1.5}}"""));
        Assert.Equal(1.5, step.GetProperty("observation").GetProperty("dose").GetDouble());
    }

    [Fact]
    public async Task Reset_Repeated_StartsNewEpisodeOnSameConnection()
    {
        await using var socket = await server.Host.ConnectAsync();
        var first = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}"""));
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1}}"""));

        var second = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":2}}"""));

        Assert.NotEqual(first.GetProperty("metadata").GetProperty("episode_id").GetString(), second.GetProperty("metadata").GetProperty("episode_id").GetString());
        Assert.Equal(0, second.GetProperty("metadata").GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Step_BareActionInData_AdvancesEpisode()
    {
        await using var socket = await server.Host.ConnectAsync();
        var reset = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":5}}"""));

        var data = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":0.5}}"""));

        Assert.Equal(0.5, data.GetProperty("observation").GetProperty("dose").GetDouble());
        // fixed_patient: C = 0·(1 − 0.05) + 0.5, below the window [2, 3], so the reward is −(2 − 0.5).
        Assert.Equal(0.5, data.GetProperty("observation").GetProperty("concentration").GetDouble(), 12);
        Assert.Equal(-1.5, data.GetProperty("reward").GetDouble(), 12);
        var metadata = data.GetProperty("metadata");
        Assert.Equal(1, metadata.GetProperty("step_count").GetInt32());
        Assert.Equal(reset.GetProperty("metadata").GetProperty("episode_id").GetString(), metadata.GetProperty("episode_id").GetString());
    }

    [Fact]
    public async Task Step_ActionWithMetadata_IsAccepted()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":5}}""");

        var data = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":0.25,"metadata":{"note":"from GenericEnvClient"}}}"""));

        Assert.Equal(0.25, data.GetProperty("observation").GetProperty("dose").GetDouble());
    }

    [Fact]
    public async Task State_BeforeReset_ReturnsBookkeepingWithNullEpisodeId()
    {
        await using var socket = await server.Host.ConnectAsync();

        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));

        WireAssert.ExactKeys(state, WireAssert.BookkeepingStateKeys);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("episode_id").ValueKind);
        Assert.Equal(0, state.GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task State_DuringEpisode_ReturnsAllFieldsIncludingEnvironmentOwn()
    {
        await using var socket = await server.Host.ConnectAsync();
        var reset = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":9,"task_id":"variable_patient"}}"""));
        await socket.RequestAsync("""{"type":"step","data":{"dose":1}}""");
        await socket.RequestAsync("""{"type":"step","data":{"dose":1}}""");

        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));

        WireAssert.ExactKeys(state, WireAssert.StateKeys);
        Assert.Equal(reset.GetProperty("metadata").GetProperty("episode_id").GetString(), state.GetProperty("episode_id").GetString());
        Assert.Equal(2, state.GetProperty("step_count").GetInt32());
        Assert.Equal("variable_patient", state.GetProperty("task_id").GetString());
        Assert.Equal(9, state.GetProperty("seed").GetInt64());
        Assert.False(state.GetProperty("done").GetBoolean());
        Assert.Equal(JsonValueKind.Number, state.GetProperty("cumulative_reward").ValueKind);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("grader_score").ValueKind);
        var k = state.GetProperty("elimination_rate").GetDouble();
        Assert.InRange(k, 0.03, 0.08);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("k12").ValueKind);
        Assert.Equal(100, state.GetProperty("max_steps").GetInt32());
    }

    [Fact]
    public async Task State_WithEmptyData_IsAccepted()
    {
        await using var socket = await server.Host.ConnectAsync();

        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state","data":{}}"""));

        Assert.Equal(0, state.GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Close_WithoutData_SendsNoReplyAndServerClosesSocket()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");

        await socket.SendTextAsync("""{"type":"close"}""");

        Assert.Null(await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketState.CloseReceived, socket.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.Socket.CloseStatus);
    }

    [Fact]
    public async Task Close_WithEmptyData_IsAcceptedAndClosesSocket()
    {
        await using var socket = await server.Host.ConnectAsync();

        await socket.SendTextAsync("""{"type":"close","data":{}}""");

        Assert.Null(await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketState.CloseReceived, socket.Socket.State);
    }

    [Fact]
    public async Task Close_FollowedByMoreMessages_RepliesToNone()
    {
        await using var socket = await server.Host.ConnectAsync();

        // The client pipelines a request after close: the server stops at close and answers nothing.
        await socket.SendTextAsync("""{"type":"close"}""");
        await socket.SendTextAsync("""{"type":"state"}""");

        Assert.Null(await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Mcp_ToolsList_RepliesWithMcpFrameHoldingJsonRpcResponse()
    {
        await using var socket = await server.Host.ConnectAsync();

        var frame = await socket.RequestAsync("""{"type":"mcp","data":{"jsonrpc":"2.0","method":"tools/list","id":1}}""");

        WireAssert.ExactKeys(frame, "type", "data");
        Assert.Equal("mcp", frame.GetProperty("type").GetString());
        var result = WireAssert.RpcResult(frame.GetProperty("data"), 1);
        Assert.Contains(result.GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "take_action");
    }

    [Fact]
    public async Task Mcp_ToolsCall_ActsOnConnectionOwnSession()
    {
        await using var socket = await server.Host.ConnectAsync();
        var reset = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":3}}"""));

        var frame = await socket.RequestAsync(
            """{"type":"mcp","data":{"jsonrpc":"2.0","method":"tools/call","params":{"name":"take_action","arguments":{"dose":1}},"id":"a"}}""");

        Assert.Equal("mcp", frame.GetProperty("type").GetString());
        var result = WireAssert.RpcResult(frame.GetProperty("data"), "a");
        Assert.False(result.GetProperty("is_error").GetBoolean());
        var toolData = result.GetProperty("data");
        WireAssert.Envelope(toolData);
        Assert.Equal(1, toolData.GetProperty("metadata").GetProperty("step_count").GetInt32());
        Assert.Equal(reset.GetProperty("metadata").GetProperty("episode_id").GetString(), toolData.GetProperty("metadata").GetProperty("episode_id").GetString());

        // The tool's step is the session's step: the next plain step is the second one.
        var step = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1}}"""));
        Assert.Equal(2, step.GetProperty("metadata").GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Mcp_ResetEpisodeTool_StartsEpisodeThatStepContinues()
    {
        await using var socket = await server.Host.ConnectAsync();

        var frame = await socket.RequestAsync(
            """{"type":"mcp","data":{"jsonrpc":"2.0","method":"tools/call","params":{"name":"reset_episode","arguments":{"seed":11,"episode_id":"via-mcp"}},"id":2}}""");
        var result = WireAssert.RpcResult(frame.GetProperty("data"), 2);
        Assert.False(result.GetProperty("is_error").GetBoolean());

        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));
        Assert.Equal("via-mcp", state.GetProperty("episode_id").GetString());
        Assert.Equal(11, state.GetProperty("seed").GetInt64());
        var step = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1}}"""));
        Assert.Equal("via-mcp", step.GetProperty("metadata").GetProperty("episode_id").GetString());
    }

    [Fact]
    public async Task Mcp_UnknownMethod_RepliesWithJsonRpcErrorInMcpFrame()
    {
        await using var socket = await server.Host.ConnectAsync();

        var frame = await socket.RequestAsync("""{"type":"mcp","data":{"jsonrpc":"2.0","method":"nope/nothing","id":3}}""");

        Assert.Equal("mcp", frame.GetProperty("type").GetString());
        WireAssert.RpcError(frame.GetProperty("data"), -32601, 3);
    }

    [Fact]
    public async Task Mcp_InvalidJsonRpcRequest_RepliesWithInvalidRequestInMcpFrame()
    {
        await using var socket = await server.Host.ConnectAsync();

        var frame = await socket.RequestAsync("""{"type":"mcp","data":{"method":"tools/list"}}""");

        Assert.Equal("mcp", frame.GetProperty("type").GetString());
        WireAssert.RpcError(frame.GetProperty("data"), -32600, null);
    }
}
