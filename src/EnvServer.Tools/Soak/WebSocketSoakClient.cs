using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace EnvServer.Tools.Soak;

/// <summary>
/// One client on /envs/{env}/ws: plays episodes with random actions, mixes in invalid messages, now and then
/// reconnects; every reply is checked (a valid step must succeed, an invalid one must not cost the session).
/// </summary>
internal sealed class WebSocketSoakClient(Uri server, string env, string? apiKey, SoakOptions options, SoakTally tally, Random random)
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Chance per message of ending the connection and opening a new one (session churn).</summary>
    private const double ReconnectChance = 0.002;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            var url = new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws", Path = $"/envs/{env}/ws" };

            // Both ways of presenting the key: the header (programs) and the query parameter (browsers).
            if (apiKey is not null && random.Next(2) == 0) socket.Options.SetRequestHeader("Authorization", $"Bearer {apiKey}");
            else if (apiKey is not null) url.Query = $"api_key={Uri.EscapeDataString(apiKey)}";
            try
            {
                await socket.ConnectAsync(url.Uri, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (WebSocketException error)
            {
                tally.Fail($"ws connect: {error.Message}");
                await SoakTraffic.PauseAsync(TimeSpan.FromSeconds(1), stop);
                continue;
            }

            if (!await PlayAsync(socket, stop)) continue;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception error) when (error is WebSocketException or OperationCanceledException)
            {
                tally.Fail($"ws close: {error.Message}");
            }
        }
    }

    /// <returns>Whether the connection is still open.</returns>
    private async Task<bool> PlayAsync(ClientWebSocket socket, CancellationToken stop)
    {
        var needReset = true;
        while (!stop.IsCancellationRequested)
        {
            if (!needReset && random.NextDouble() < ReconnectChance) return true;
            if (!await SoakTraffic.PauseAsync(options.ThinkTime * (2 * random.NextDouble()), stop)) return true;

            string message;
            var kind = needReset ? Kind.Reset : random.NextDouble() < options.InvalidShare ? Kind.Invalid : random.Next(20) == 0 ? Kind.State : Kind.Step;
            message = kind switch
            {
                Kind.Reset => $$$"""{"type":"reset","data":{"seed":{{{random.Next()}}}}}""",
                Kind.State => """{"type":"state"}""",
                Kind.Step => $$$"""{"type":"step","data":{{{SoakTraffic.ValidAction(env, random)}}}}""",
                _ => SoakTraffic.InvalidWebSocketMessage(env, random, options.OversizeMessageBytes),
            };

            JsonDocument? reply;
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                reply = await ReceiveAsync(socket);
            }
            catch (Exception error) when (error is WebSocketException or OperationCanceledException)
            {
                tally.Fail($"ws connection lost: {error.GetType().Name}");
                return false;
            }

            if (reply is null)
            {
                tally.Fail("ws closed by the server");
                return false;
            }

            using (reply)
            {
                needReset = Classify(reply.RootElement, kind, needReset);
            }
        }

        return true;
    }

    /// <returns>Whether the next message must be a reset.</returns>
    private bool Classify(JsonElement reply, Kind kind, bool needReset)
    {
        var type = reply.GetProperty("type").GetString();
        if (type == "error")
        {
            var data = reply.GetProperty("data");
            var code = data.GetProperty("code").GetString();
            var internalError = code == "EXECUTION_ERROR" && data.GetProperty("message").GetString()!.StartsWith("Internal error", StringComparison.Ordinal);
            tally.Count(internalError ? SoakTally.InternalError : $"ws {code}");
            if (kind != Kind.Invalid) tally.Fail($"ws valid {kind} refused with {code}");
            return needReset;
        }

        tally.Count($"ws {type}");
        if (type != "observation") return needReset;
        var done = reply.GetProperty("data").GetProperty("done").GetBoolean();
        if (kind != Kind.Reset) tally.Step(done);
        return done;
    }

    private static async Task<JsonDocument?> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.GetMemory(4096), timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close) return null;
            buffer.Advance(received.Count);
            if (received.EndOfMessage) return JsonDocument.Parse(buffer.WrittenMemory);
        }
    }

    private enum Kind
    {
        Reset,
        Step,
        State,
        Invalid,
    }
}
