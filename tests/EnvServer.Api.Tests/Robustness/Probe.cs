using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>Polling and receiving with deadlines, so a broken server fails a test quickly instead of hanging it.</summary>
internal static class Probe
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>GET /health: status must be healthy; returns active_sessions.</summary>
    public static async Task<int> ActiveSessionsAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /health answered {(int)response.StatusCode}: {text}");
        using var health = JsonDocument.Parse(text);
        Assert.Equal("healthy", health.RootElement.GetProperty("status").GetString());
        return health.RootElement.GetProperty("active_sessions").GetInt32();
    }

    /// <summary>Polls /health until active_sessions equals <paramref name="expected"/>; returns how long it took.</summary>
    public static async Task<TimeSpan> WaitForActiveSessionsAsync(HttpClient http, int expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = -1;
        while (clock.Elapsed < timeout)
        {
            last = await ActiveSessionsAsync(http);
            if (last == expected) return clock.Elapsed;
            await Task.Delay(20);
        }

        Assert.Fail($"active_sessions stayed at {last}, expected {expected} within {timeout.TotalSeconds} s");
        return clock.Elapsed;
    }

    /// <summary>
    /// The next whole message (text or binary) or the close. Cancelling a ClientWebSocket receive aborts the
    /// socket, so the timeout is only for failing tests.
    /// </summary>
    public static async Task<WsMessage> ReceiveAsync(ClientWebSocket socket, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? ReplyTimeout);
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            ValueWebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(), cancel.Token);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"No frame within {(timeout ?? ReplyTimeout).TotalSeconds} s");
            }

            if (received.MessageType == WebSocketMessageType.Close)
                return new WsMessage(WebSocketMessageType.Close, null, socket.CloseStatus, socket.CloseStatusDescription);
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
                return new WsMessage(received.MessageType, Encoding.UTF8.GetString(message.ToArray()), null, null);
        }
    }

    /// <summary>Receives a text reply and parses it.</summary>
    public static async Task<JsonElement> ReceiveJsonAsync(ClientWebSocket socket)
    {
        var message = await ReceiveAsync(socket);
        Assert.True(message.Text is not null, $"Expected a reply, the server closed ({message.CloseStatus} {message.CloseDescription})");
        return JsonDocument.Parse(message.Text).RootElement.Clone();
    }

    public static Task SendTextAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Sends one message and returns the raw text of the one reply.</summary>
    public static async Task<string> RequestTextAsync(ClientWebSocket socket, string text)
    {
        await SendTextAsync(socket, text);
        var reply = await ReceiveAsync(socket);
        Assert.True(reply.Text is not null, $"No reply to {text}: the server closed ({reply.CloseStatus} {reply.CloseDescription})");
        return reply.Text;
    }

    public static async Task<ClientWebSocket> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var cancel = new CancellationTokenSource(ReplyTimeout);
        await socket.ConnectAsync(uri, cancel.Token);
        return socket;
    }

    /// <summary>Closes politely if still open, then disposes.</summary>
    public static async Task CloseAsync(ClientWebSocket socket)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }

        socket.Dispose();
    }
}

/// <summary>A whole received message, or the server's close (Text null).</summary>
internal sealed record WsMessage(WebSocketMessageType Type, string? Text, WebSocketCloseStatus? CloseStatus, string? CloseDescription);
