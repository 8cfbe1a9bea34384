using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>MAX_CONCURRENT_ENVS = 4, shared by WebSocket, HTTP and MCP sessions.</summary>
public sealed class CapacityTests
{
    private const int Max = 4;

    private const string CapacityFrame =
        """{"type":"error","data":{"message":"Server at capacity: 4/4 sessions active. Cannot accept new connections.","code":"CAPACITY_REACHED","active_sessions":4,"max_sessions":4}}""";

    private static readonly TimeSpan SlotTimeout = TimeSpan.FromSeconds(5);

    private static ServerHost StartServer() => new(new Dictionary<string, string> { ["MAX_CONCURRENT_ENVS"] = Max.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    [Fact]
    public async Task WebSocket_BeyondCapacity_GetsCapacityFrameThenClose()
    {
        await using var server = StartServer();
        var sockets = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < Max; i++)
            {
                var socket = await Probe.ConnectAsync(server.WebSocketUri());
                sockets.Add(socket);
                Assert.Contains("\"type\":\"observation\"", await Probe.RequestTextAsync(socket, """{"type":"reset","data":{"seed":1}}"""));
            }

            Assert.Equal(Max, await Probe.ActiveSessionsAsync(server.Http));

            // The 5th upgrade is accepted (101), then gets exactly one error frame, then a close.
            var refused = await Probe.ConnectAsync(server.WebSocketUri());
            sockets.Add(refused);
            var frame = await Probe.ReceiveAsync(refused);
            Assert.Equal(WebSocketMessageType.Text, frame.Type);
            Assert.Equal(CapacityFrame, frame.Text);
            var close = await Probe.ReceiveAsync(refused);
            Assert.Equal(WebSocketMessageType.Close, close.Type);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, close.CloseStatus);
            Assert.Equal(Max, await Probe.ActiveSessionsAsync(server.Http));

            // HTTP sessions and MCP sessions are refused by the same count.
            var reset = await HttpExchange.PostAsync(server.Http, "/reset", null, HttpExchange.NewSession);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, reset.Status);
            Assert.Null(reset.SessionId);
            Assert.Equal("Server at capacity: 4/4 sessions active. Cannot accept new connections.", reset.Json.GetProperty("detail").GetString());

            using (var create = await McpAsync(server, """{"jsonrpc":"2.0","method":"openenv/session/create","id":7}"""))
            {
                var error = create.RootElement.GetProperty("error");
                Assert.Equal(-32000, error.GetProperty("code").GetInt32());
                Assert.Contains("Server at capacity: 4/4", error.GetProperty("message").GetString());
                Assert.Equal(7, create.RootElement.GetProperty("id").GetInt32());
            }

            Assert.Equal(Max, await Probe.ActiveSessionsAsync(server.Http));

            // Closing one frees its slot, and the next connection gets a working session.
            await Probe.CloseAsync(sockets[0]);
            await Probe.WaitForActiveSessionsAsync(server.Http, Max - 1, SlotTimeout);
            var next = await Probe.ConnectAsync(server.WebSocketUri());
            sockets.Add(next);
            Assert.Contains("\"type\":\"observation\"", await Probe.RequestTextAsync(next, """{"type":"reset","data":{"seed":2}}"""));
            Assert.Equal(Max, await Probe.ActiveSessionsAsync(server.Http));
        }
        finally
        {
            AbortAll(sockets);
        }
    }

    [Fact]
    public async Task HttpAndMcpSessions_FillCapacity_RefuseWebSocketUntilOneCloses()
    {
        await using var server = StartServer();
        var sockets = new List<ClientWebSocket>();
        try
        {
            // Two HTTP sessions (POST /reset with X-Session-Id: new opens one), one MCP session, one WebSocket.
            var httpSessions = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var reset = await HttpExchange.PostAsync(server.Http, "/reset", """{"seed":3}""", HttpExchange.NewSession);
                Assert.Equal(HttpStatusCode.OK, reset.Status);
                httpSessions.Add(reset.SessionId!);
            }

            string mcpSession;
            using (var create = await McpAsync(server, """{"jsonrpc":"2.0","method":"openenv/session/create","id":1}"""))
                mcpSession = create.RootElement.GetProperty("result").GetProperty("session_id").GetString()!;

            var socket = await Probe.ConnectAsync(server.WebSocketUri());
            sockets.Add(socket);
            Assert.Contains("\"type\":\"state\"", await Probe.RequestTextAsync(socket, EpisodeScript.StateMessage));
            Assert.Equal(Max, await Probe.ActiveSessionsAsync(server.Http));

            // Full: WebSocket /ws, WebSocket /mcp, HTTP and MCP are all refused.
            foreach (var path in (string[])["/ws", "/mcp", "/envs/drug-dose/ws"])
            {
                var refused = await Probe.ConnectAsync(server.WebSocketUri(path));
                sockets.Add(refused);
                Assert.Equal(CapacityFrame, (await Probe.ReceiveAsync(refused)).Text);
                Assert.Equal(WebSocketMessageType.Close, (await Probe.ReceiveAsync(refused)).Type);
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await HttpExchange.PostAsync(server.Http, "/reset", null, HttpExchange.NewSession)).Status);
            Assert.Equal(HttpStatusCode.OK, (await HttpExchange.PostAsync(server.Http, "/reset", null)).Status);
            using (var create = await McpAsync(server, """{"jsonrpc":"2.0","method":"openenv/session/create","id":2}"""))
                Assert.Equal(-32000, create.RootElement.GetProperty("error").GetProperty("code").GetInt32());

            // The existing HTTP sessions still work at capacity (they hold slots, they do not need new ones).
            using (var request = new HttpRequestMessage(HttpMethod.Get, "/state"))
            {
                request.Headers.Add("X-Session-Id", httpSessions[0]);
                using var state = await server.Http.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, state.StatusCode);
            }

            // Closing the MCP session frees a slot for a WebSocket.
            using (var close = await McpAsync(server, $$"""{"jsonrpc":"2.0","method":"openenv/session/close","params":{"session_id":"{{mcpSession}}"},"id":3}"""))
                Assert.True(close.RootElement.GetProperty("result").GetProperty("closed").GetBoolean());
            await Probe.WaitForActiveSessionsAsync(server.Http, Max - 1, SlotTimeout);
            var next = await Probe.ConnectAsync(server.WebSocketUri());
            sockets.Add(next);
            Assert.Contains("\"type\":\"observation\"", await Probe.RequestTextAsync(next, """{"type":"reset","data":{"seed":4}}"""));
            Assert.Equal(Max, await Probe.ActiveSessionsAsync(server.Http));
        }
        finally
        {
            AbortAll(sockets);
        }
    }

    [Fact]
    public async Task SimultaneousConnects_BeyondCapacity_AdmitExactlyMax()
    {
        await using var server = StartServer();
        const int Clients = 16;
        var sockets = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Probe.ConnectAsync(server.WebSocketUri())));
        try
        {
            // A refused connection hears from the server at once; an admitted one never speaks unasked.
            var first = sockets.Select(s => Probe.ReceiveAsync(s, TimeSpan.FromSeconds(30))).ToArray();
            var deadline = DateTime.UtcNow + SlotTimeout;
            while (first.Count(t => t.IsCompleted) < Clients - Max && DateTime.UtcNow < deadline) await Task.Delay(10);
            await Task.Delay(100);

            var refused = first.Where(t => t.IsCompleted).ToArray();
            Assert.Equal(Clients - Max, refused.Length);
            foreach (var reply in refused)
            {
                var message = await reply;
                Assert.Equal(WebSocketMessageType.Text, message.Type);
                Assert.Contains("\"code\":\"CAPACITY_REACHED\"", message.Text);
                Assert.Contains($"\"max_sessions\":{Max}", message.Text);
            }

            Assert.Equal(Max, await Probe.ActiveSessionsAsync(server.Http));

            // Each admitted connection has its own working session; its pending receive gets the reply.
            for (var i = 0; i < Clients; i++)
            {
                if (first[i].IsCompleted) continue;
                await Probe.SendTextAsync(sockets[i], EpisodeScript.StateMessage);
                Assert.Contains("\"type\":\"state\"", (await first[i]).Text);
            }
        }
        finally
        {
            AbortAll(sockets);
        }

        await Probe.WaitForActiveSessionsAsync(server.Http, 0, SlotTimeout);
    }

    private static async Task<JsonDocument> McpAsync(ServerHost server, string request)
    {
        using var response = await server.Http.PostAsync("/mcp", new StringContent(request, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static void AbortAll(IEnumerable<ClientWebSocket> sockets)
    {
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }
    }
}
