using System.Net;
using EnvServer.Api.Sessions;
using EnvServer.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Api.Tests.Regressions;

/// <summary>
/// Issue 17: defect 5 (an MCP session_id of another environment gave a 500), tool failures as JSON-RPC errors as the
/// reference answers them, and openenv/session/create over a WebSocket naming the socket's own session.
/// (A WebSocket step before reset: WebSocketErrorFrameTests.StepBeforeReset_….)
/// </summary>
public sealed class McpSessionTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private HttpClient Http => server.Host.Http;

    [Fact]
    public async Task ToolsCall_SessionOfAnotherEnvironment_IsInvalidParamsNamingIt()
    {
        var created = WireAssert.RpcResult((await HttpExchange.PostAsync(Http, "/envs/drug-dose/mcp",
            """{"jsonrpc":"2.0","method":"openenv/session/create","id":1}""")).Json, 1);
        var id = created.GetProperty("session_id").GetString();

        var call = await HttpExchange.PostAsync(Http, "/envs/hiv/mcp",
            $$$"""{"jsonrpc":"2.0","method":"tools/call","id":2,"params":{"name":"take_action","arguments":{"action":2},"session_id":"{{{id}}}"}}""");
        var close = await HttpExchange.PostAsync(Http, "/envs/hiv/mcp",
            $$$"""{"jsonrpc":"2.0","method":"openenv/session/close","id":3,"params":{"session_id":"{{{id}}}"}}""");

        Assert.Equal(HttpStatusCode.OK, call.Status);
        var error = WireAssert.RpcError(call.Json, -32602, 2);
        Assert.Contains("drug-dose", error.GetProperty("message").GetString());
        WireAssert.RpcError(close.Json, -32602, 3);
    }

    [Fact]
    public async Task ToolsCall_InvalidArguments_IsJsonRpcInvalidParamsWithTheErrors()
    {
        var call = await HttpExchange.PostAsync(Http, "/mcp",
            """{"jsonrpc":"2.0","method":"tools/call","id":"a","params":{"name":"take_action","arguments":{"dose":1,"route":"iv"}}}""");

        var error = WireAssert.RpcError(call.Json, -32602, "a");
        Assert.Contains("route", error.GetProperty("message").GetString());
        WireAssert.SingleIssue(error.GetProperty("data"), "extra_forbidden", "route");
        Assert.False(call.Json.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task ToolsCall_RefusedByTheEpisode_IsJsonRpcInternalErrorWithTheReason()
    {
        await using var capped = ConformanceServer.Start(new Dictionary<string, string> { ["MAX_EPISODE_STEPS"] = "1" });
        var id = WireAssert.RpcResult((await HttpExchange.PostAsync(capped.Http, "/mcp",
            """{"jsonrpc":"2.0","method":"openenv/session/create","id":1}""")).Json, 1).GetProperty("session_id").GetString();
        string Call(int n) => $$$"""{"jsonrpc":"2.0","method":"tools/call","id":{{{n}}},"params":{"name":"take_action","arguments":{"dose":1},"session_id":"{{{id}}}"}}""";

        var first = await HttpExchange.PostAsync(capped.Http, "/mcp", Call(2));
        var second = await HttpExchange.PostAsync(capped.Http, "/mcp", Call(3));

        Assert.True(WireAssert.RpcResult(first.Json, 2).GetProperty("data").GetProperty("done").GetBoolean());
        var error = WireAssert.RpcError(second.Json, -32603, 3);
        Assert.Contains("reset", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task WebSocketSessionCreate_NamesTheSocketsOwnSession_WhichToolCallsThenUse()
    {
        var sessions = server.Host.Services.GetRequiredService<SessionManager>();
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":9}}""");
        var before = sessions.ActiveCount;

        var first = await socket.RequestAsync("""{"type":"mcp","data":{"jsonrpc":"2.0","method":"openenv/session/create","id":1}}""");
        var second = await socket.RequestAsync("""{"type":"mcp","data":{"jsonrpc":"2.0","method":"openenv/session/create","id":2}}""");
        var id = WireAssert.RpcResult(first.GetProperty("data"), 1).GetProperty("session_id").GetString();
        var state = await socket.RequestAsync(
            $$$$"""{"type":"mcp","data":{"jsonrpc":"2.0","method":"tools/call","id":3,"params":{"name":"get_state","arguments":{},"session_id":"{{{{id}}}}"}}}""");

        Assert.Equal(id, WireAssert.RpcResult(second.GetProperty("data"), 2).GetProperty("session_id").GetString());
        Assert.Equal(before, sessions.ActiveCount);
        Assert.Equal(9, WireAssert.RpcResult(state.GetProperty("data"), 3).GetProperty("data").GetProperty("seed").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await HttpExchange.GetAsync(Http, "/state", id)).Status);
    }
}
