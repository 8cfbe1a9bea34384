using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>
/// SESSION_IDLE_TIMEOUT and HTTP_SESSION_IDLE_TIMEOUT = 0.5 s (the reaper looks every 125 ms), 2 s for sessions kept busy.
/// </summary>
public sealed class IdleReaperTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(5);

    private static ServerHost StartServer() => new(new Dictionary<string, string> { ["SESSION_IDLE_TIMEOUT"] = "0.5", ["HTTP_SESSION_IDLE_TIMEOUT"] = "0.5" });

    [Fact]
    public async Task IdleSessions_OfEveryTransport_AreClosedAndTheirSlotsFreed()
    {
        await using var server = StartServer();
        var socket = await Probe.ConnectAsync(server.WebSocketUri());
        try
        {
            Assert.Contains("\"type\":\"observation\"", await Probe.RequestTextAsync(socket, """{"type":"reset","data":{"seed":5}}"""));
            var httpSession = await OpenHttpSessionAsync(server);
            var mcpSession = await OpenMcpSessionAsync(server);
            Assert.Equal(3, await Probe.ActiveSessionsAsync(server.Http));
            var clock = Stopwatch.StartNew();

            // The client, waiting for a frame as real clients do, sees the server close the idle socket.
            var closing = await Probe.ReceiveAsync(socket, ReapTimeout);
            var closedAfter = clock.Elapsed;
            Assert.Equal(WebSocketMessageType.Close, closing.Type);
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, closing.CloseStatus);
            await Probe.CloseAsync(socket);

            var drainedAfter = clock.Elapsed + await Probe.WaitForActiveSessionsAsync(server.Http, 0, ReapTimeout);
            output.WriteLine($"WebSocket closed after {closedAfter.TotalSeconds:F2} s idle; active_sessions 0 after {drainedAfter.TotalSeconds:F2} s");
            Assert.True(closedAfter >= TimeSpan.FromSeconds(0.4), $"closed after only {closedAfter.TotalSeconds:F2} s, the timeout is 0.5 s");

            // The HTTP session is gone: its id now gives 404 (JSON), on /state and /step.
            foreach (var (method, path) in new[] { (HttpMethod.Get, "/state"), (HttpMethod.Post, "/step") })
            {
                using var request = new HttpRequestMessage(method, path);
                request.Headers.Add("X-Session-Id", httpSession);
                if (method == HttpMethod.Post) request.Content = new StringContent("""{"action":{"dose":0.5}}""", Encoding.UTF8, "application/json");
                using var response = await server.Http.SendAsync(request);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Contains(httpSession, body.RootElement.GetProperty("detail").GetString());
            }

            // So is the MCP session.
            using var call = await McpAsync(server, $$"""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state","session_id":"{{mcpSession}}"},"id":1}""");
            Assert.Equal(-32602, call.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        }
        finally
        {
            socket.Abort();
            socket.Dispose();
        }
    }

    [Fact]
    public async Task BusySessions_RequestingMoreOftenThanTimeout_AreNotReaped()
    {
        // A 2 s timeout here, so that a loaded CI machine's slow request cannot pass for idleness.
        await using var server = new ServerHost(new Dictionary<string, string> { ["SESSION_IDLE_TIMEOUT"] = "2", ["HTTP_SESSION_IDLE_TIMEOUT"] = "2" });
        var socket = await Probe.ConnectAsync(server.WebSocketUri());
        try
        {
            var script = EpisodeScript.Generate(index: 3, seed: 77, steps: 30, maxDose: 0.3);
            Assert.Contains("\"type\":\"observation\"", await Probe.RequestTextAsync(socket, script.ResetMessage));
            var httpSession = await OpenHttpSessionAsync(server);
            var mcpSession = await OpenMcpSessionAsync(server);

            // Three times the timeout, one request per session every 200 ms: every one succeeds.
            for (var i = 0; i < 30; i++)
            {
                await Task.Delay(200);
                var reply = await Probe.RequestTextAsync(socket, EpisodeScript.StepMessage(script.Doses[i]));
                Assert.Contains("\"type\":\"observation\"", reply);

                using var request = new HttpRequestMessage(HttpMethod.Post, "/step")
                {
                    Content = new StringContent("""{"action":{"dose":0.2}}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Session-Id", httpSession);
                using var step = await server.Http.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, step.StatusCode);

                using var call = await McpAsync(server, $$"""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state","session_id":"{{mcpSession}}"},"id":{{i}}}""");
                Assert.True(call.RootElement.TryGetProperty("result", out _), call.RootElement.ToString());
            }

            Assert.Equal(3, await Probe.ActiveSessionsAsync(server.Http));
            Assert.Equal(WebSocketState.Open, socket.State);
            using (var state = JsonDocument.Parse(await Probe.RequestTextAsync(socket, EpisodeScript.StateMessage)))
                Assert.Equal(30, state.RootElement.GetProperty("data").GetProperty("step_count").GetInt32());

            // And once they stop, the same sessions are reaped: the reaper was running all along.
            Assert.Equal(WebSocketMessageType.Close, (await Probe.ReceiveAsync(socket, ReapTimeout)).Type);
            await Probe.CloseAsync(socket);
            await Probe.WaitForActiveSessionsAsync(server.Http, 0, ReapTimeout);
        }
        finally
        {
            socket.Abort();
            socket.Dispose();
        }
    }

    private static async Task<string> OpenHttpSessionAsync(ServerHost server)
    {
        var reset = await HttpExchange.PostAsync(server.Http, "/reset", """{"seed":5}""", HttpExchange.NewSession);
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        return reset.SessionId!;
    }

    private static async Task<string> OpenMcpSessionAsync(ServerHost server)
    {
        using var create = await McpAsync(server, """{"jsonrpc":"2.0","method":"openenv/session/create","id":1}""");
        return create.RootElement.GetProperty("result").GetProperty("session_id").GetString()!;
    }

    private static async Task<JsonDocument> McpAsync(ServerHost server, string request)
    {
        using var response = await server.Http.PostAsync("/mcp", new StringContent(request, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
