using System.Net.WebSockets;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Mcp;

/// <summary>WS /mcp: raw JSON-RPC 2.0 frames, one environment session per connection (spec §1.8).</summary>
public sealed class McpWebSocketTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    [Fact]
    public async Task ToolsList_RawFrame_RepliesWithRawJsonRpcResponse()
    {
        await using var socket = await server.Host.ConnectAsync("/mcp");

        var response = await socket.RequestAsync("""{"jsonrpc":"2.0","method":"tools/list","id":1}""");

        var result = WireAssert.RpcResult(response, 1);
        Assert.Equal(["reset_episode", "take_action", "get_state"], result.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!));
    }

    [Fact]
    public async Task ToolsCall_WithoutSessionId_ActsOnConnectionOwnSession()
    {
        await using var socket = await server.Host.ConnectAsync("/mcp");

        var reset = McpHttpTests.AssertToolSucceeded(WireAssert.RpcResult(await socket.RequestAsync(
            """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"reset_episode","arguments":{"seed":5}},"id":1}"""), 1));
        var step = McpHttpTests.AssertToolSucceeded(WireAssert.RpcResult(await socket.RequestAsync(
            """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"take_action","arguments":{"dose":1}},"id":2}"""), 2));
        var state = McpHttpTests.AssertToolSucceeded(WireAssert.RpcResult(await socket.RequestAsync(
            """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state","arguments":{}},"id":3}"""), 3));

        WireAssert.Envelope(step);
        Assert.Equal(1, step.GetProperty("metadata").GetProperty("step_count").GetInt32());
        Assert.Equal(reset.GetProperty("metadata").GetProperty("episode_id").GetString(), step.GetProperty("metadata").GetProperty("episode_id").GetString());
        Assert.Equal(1, state.GetProperty("step_count").GetInt32());
        Assert.Equal(5, state.GetProperty("seed").GetInt64());
    }

    [Fact]
    public async Task ToolsCall_TwoConnections_HaveSeparateSessions()
    {
        await using var first = await server.Host.ConnectAsync("/mcp");
        await using var second = await server.Host.ConnectAsync("/mcp");

        await first.RequestAsync("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"reset_episode","arguments":{"seed":5}},"id":1}""");
        await first.RequestAsync("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"take_action","arguments":{"dose":1}},"id":2}""");
        var state = WireAssert.RpcResult(await second.RequestAsync(
            """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state","arguments":{}},"id":3}"""), 3);

        // The second connection never reset nor stepped its own environment.
        Assert.Equal(0, state.GetProperty("data").GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task ParseError_NotJson_RepliesMinus32700AndConnectionKeepsWorking()
    {
        await using var socket = await server.Host.ConnectAsync("/mcp");

        WireAssert.RpcError(await socket.RequestAsync("not json"), -32700, null);
        WireAssert.RpcError(await socket.RequestAsync("[1]"), -32700, null);

        WireAssert.RpcResult(await socket.RequestAsync("""{"jsonrpc":"2.0","method":"tools/list","id":"after"}"""), "after");
    }

    [Fact]
    public async Task InvalidRequestAndUnknownMethod_ReplyWithTheirCodes()
    {
        await using var socket = await server.Host.ConnectAsync("/mcp");

        WireAssert.RpcError(await socket.RequestAsync("{}"), -32600, null);
        WireAssert.RpcError(await socket.RequestAsync("""{"jsonrpc":"2.0","method":"prompts/list","id":"p"}"""), -32601, "p");
        WireAssert.RpcError(await socket.RequestAsync("""{"jsonrpc":"2.0","method":"tools/call","params":{},"id":8}"""), -32602, 8);
    }

    [Fact]
    public async Task Pipeline_SeveralRequestsWithoutAwaiting_RepliesInOrder()
    {
        await using var socket = await server.Host.ConnectAsync("/mcp");

        for (var id = 1; id <= 20; id++) await socket.SendTextAsync($$"""{"jsonrpc":"2.0","method":"tools/list","id":{{id}}}""");

        for (var id = 1; id <= 20; id++) WireAssert.RpcResult(await socket.ReceiveJsonAsync(), id);
    }

    [Fact]
    public async Task Session_CreatedOverHttp_UsableFromWebSocketBySessionId()
    {
        var created = WireAssert.RpcResult(WireAssert.Parse(
            (await HttpExchange.PostAsync(server.Host.Http, "/mcp", """{"jsonrpc":"2.0","method":"openenv/session/create","id":1}""")).Body), 1);
        var session = created.GetProperty("session_id").GetString();
        await using var socket = await server.Host.ConnectAsync("/mcp");

        await socket.RequestAsync($$"""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"reset_episode","arguments":{"seed":2},"session_id":"{{session}}"},"id":1}""");
        var viaHttp = await HttpExchange.PostAsync(server.Host.Http, "/mcp",
            $$"""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state","session_id":"{{session}}"},"id":2}""");

        var state = McpHttpTests.AssertToolSucceeded(WireAssert.RpcResult(viaHttp.Json, 2));
        Assert.Equal(2, state.GetProperty("seed").GetInt64());
    }

    [Fact]
    public async Task Disconnect_ClientCloses_ServerCompletesCloseHandshake()
    {
        var socket = await server.Host.ConnectAsync("/mcp");
        await socket.RequestAsync("""{"jsonrpc":"2.0","method":"tools/list","id":1}""");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);

        Assert.Equal(WebSocketState.Closed, socket.Socket.State);
        await socket.DisposeAsync();
    }
}
