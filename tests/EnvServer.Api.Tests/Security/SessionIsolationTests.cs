using System.Net;
using EnvServer.Api.Sessions;
using EnvServer.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Api.Tests.Security;

/// <summary>
/// A session id is the only credential of an HTTP or MCP session: ids are 128 random bits, a wrong id gets the
/// same answer whether or not such a session exists, and no endpoint hands out another client's id.
/// </summary>
public sealed class SessionIsolationTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private HttpClient Http => server.Host.Http;

    [Fact]
    public void New_ManyIds_AreDistinctUuidShapedWithEveryBitRandom()
    {
        var ids = Enumerable.Range(0, 2000).Select(_ => SessionIds.New()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(Guid.TryParseExact(id, "D", out _)));
        // Guid.NewGuid fixes the version digit (position 14) to 4; here it is random like the rest.
        Assert.True(ids.Select(id => id[14]).Distinct().Count() > 8);
        // Neither sequential nor sharing a prefix: the first 8 hex digits alone are (almost surely) distinct.
        Assert.True(ids.Select(id => id[..8]).Distinct().Count() > ids.Count - 5);
    }

    [Theory]
    [InlineData("POST", "/step")]
    [InlineData("GET", "/state")]
    [InlineData("POST", "/reset")]
    [InlineData("POST", "/close")]
    public async Task ForgedId_AndWebSocketSessionId_GetTheSameUnknownSessionAnswer(string method, string path)
    {
        var (socket, webSocketId) = await OpenWebSocketAsync();
        await using var _ = socket;
        var forged = Guid.NewGuid().ToString();

        var forForged = await SendAsync(method, path, forged);
        var forWebSocket = await SendAsync(method, path, webSocketId);

        Assert.Equal(HttpStatusCode.NotFound, forForged.Status);
        Assert.Equal(forForged.Status, forWebSocket.Status);
        Assert.Equal(WireAssert.Detail(forForged, HttpStatusCode.NotFound).Replace(forged, "ID"), WireAssert.Detail(forWebSocket, HttpStatusCode.NotFound).Replace(webSocketId, "ID"));
        // The WebSocket's episode was not touched.
        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));
        Assert.Equal(0, state.GetProperty("step_count").GetInt32());
        Assert.Equal(1, state.GetProperty("seed").GetInt64());
    }

    [Fact]
    public async Task TwoHttpClients_EachStepsOnlyItsOwnEpisode()
    {
        var alice = await HttpExchange.PostAsync(Http, "/reset", """{"seed":11}""", HttpExchange.NewSession);
        var bob = await HttpExchange.PostAsync(Http, "/reset", """{"seed":22}""", HttpExchange.NewSession);

        for (var i = 0; i < 3; i++) await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1}}""", bob.SessionId);
        var aliceState = await HttpExchange.GetAsync(Http, "/state", alice.SessionId);
        var bobState = await HttpExchange.GetAsync(Http, "/state", bob.SessionId);

        Assert.NotEqual(alice.SessionId, bob.SessionId);
        Assert.Equal(0, aliceState.Json.GetProperty("step_count").GetInt32());
        Assert.Equal(11, aliceState.Json.GetProperty("seed").GetInt64());
        Assert.Equal(3, bobState.Json.GetProperty("step_count").GetInt32());
        Assert.DoesNotContain(alice.SessionId!, bobState.Body);
        Assert.DoesNotContain(alice.SessionId!, bob.Body);
    }

    [Fact]
    public async Task NoEndpoint_ListsOrLeaksSessionIds()
    {
        var http = await HttpExchange.PostAsync(Http, "/reset", "{}", HttpExchange.NewSession);
        var mcp = await HttpExchange.PostAsync(Http, "/mcp", """{"jsonrpc":"2.0","method":"openenv/session/create","id":1}""");
        var mcpId = mcp.Json.GetProperty("result").GetProperty("session_id").GetString()!;
        var (socket, webSocketId) = await OpenWebSocketAsync();
        await using var _ = socket;
        var wsStep = await socket.RequestAsync("""{"type":"step","data":{"dose":1}}""");
        var wsState = await socket.RequestAsync("""{"type":"state"}""");
        string[] ids = [http.SessionId!, mcpId, webSocketId];

        var bodies = new List<string> { wsStep.GetRawText(), wsState.GetRawText() };
        foreach (var path in (string[])["/health", "/metadata", "/schema", "/envs", "/openapi.json", "/state", "/envs/hiv/health", "/envs/hiv/state"])
        {
            bodies.Add((await HttpExchange.GetAsync(Http, path)).Body);
        }

        bodies.Add((await HttpExchange.PostAsync(Http, "/mcp", """{"jsonrpc":"2.0","method":"tools/list","id":2}""")).Body);
        bodies.Add((await HttpExchange.PostAsync(Http, "/reset", "{}", HttpExchange.NewSession)).Body);
        bodies.Add((await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1}}""")).Body);

        Assert.All(bodies, body => Assert.All(ids, id => Assert.DoesNotContain(id, body)));
    }

    [Fact]
    public async Task McpToolCall_ForgedIdAndWebSocketSessionId_SameInvalidParamsAnswer()
    {
        var (socket, webSocketId) = await OpenWebSocketAsync();
        await using var _ = socket;
        var forged = Guid.NewGuid().ToString();

        var forForged = await CallStateAsync(forged);
        var forWebSocket = await CallStateAsync(webSocketId);

        var forgedError = WireAssert.RpcError(forForged.Json, -32602, 1);
        var webSocketError = WireAssert.RpcError(forWebSocket.Json, -32602, 1);
        Assert.Equal(forgedError.GetProperty("message").GetString()!.Replace(forged, "ID"), webSocketError.GetProperty("message").GetString()!.Replace(webSocketId, "ID"));
    }

    [Fact]
    public async Task McpSession_OtherClientWithoutItsId_CannotReachIt()
    {
        var created = await HttpExchange.PostAsync(Http, "/mcp", """{"jsonrpc":"2.0","method":"openenv/session/create","id":1}""");
        var id = created.Json.GetProperty("result").GetProperty("session_id").GetString()!;
        await HttpExchange.PostAsync(Http, "/mcp",
            $$"""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"reset_episode","arguments":{"seed":4},"session_id":"{{id}}"},"id":2}""");

        // Another client steps without the id: a temporary environment, never the session.
        await HttpExchange.PostAsync(Http, "/mcp", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"take_action","arguments":{"dose":1}},"id":3}""");
        var closeForged = await HttpExchange.PostAsync(Http, "/mcp", $$"""{"jsonrpc":"2.0","method":"openenv/session/close","params":{"session_id":"{{Guid.NewGuid()}}"},"id":4}""");
        var state = await CallStateAsync(id);

        WireAssert.RpcError(closeForged.Json, -32602, 4);
        var data = WireAssert.RpcResult(state.Json, 1).GetProperty("data");
        Assert.Equal(0, data.GetProperty("step_count").GetInt32());
        Assert.Equal(4, data.GetProperty("seed").GetInt64());
    }

    private Task<HttpExchange> CallStateAsync(string sessionId) =>
        HttpExchange.PostAsync(Http, "/mcp", $$"""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state","arguments":{},"session_id":"{{sessionId}}"},"id":1}""");

    private Task<HttpExchange> SendAsync(string method, string path, string sessionId) =>
        method == "GET" ? HttpExchange.GetAsync(Http, path, sessionId) : HttpExchange.PostAsync(Http, path, path == "/step" ? """{"action":{"dose":1}}""" : "{}", sessionId);

    /// <summary>The ids of the live WebSocket sessions, read from the server's memory: no client can learn them.</summary>
    private IReadOnlyList<string> WebSocketSessionIds() =>
        server.Host.Services.GetRequiredService<SessionManager>().Idle(TimeSpan.MinValue)
            .Where(s => s.Kind == SessionKind.WebSocket).Select(s => s.Id).ToList();

    /// <summary>A new WebSocket after one reset, with its session id: the session that was not there before.</summary>
    private async Task<(RawWebSocket Socket, string Id)> OpenWebSocketAsync()
    {
        var before = WebSocketSessionIds();
        var socket = await server.Host.ConnectAsync();
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}"""));
        return (socket, WebSocketSessionIds().Except(before).Single());
    }
}
