using System.Net.WebSockets;
using System.Text;

namespace EnvServer.Client.Tests;

/// <summary>
/// The server side of what the client relies on: a request split over several WebSocket frames is
/// reassembled before it is read. Sent by hand, since the client sends each request as one frame.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FragmentedFrameTests(ServerFixture server)
{
    [Fact]
    public async Task StepSplitOverThreeFrames_WithLargeMetadata_IsAnsweredOnce()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(EndpointUrls.ToWebSocket(server.DrugDoseUrl), CancellationToken.None);
        await SendAsync(socket, """{"type":"reset","data":{"task_id":"fixed_patient"}}""");
        Assert.Contains("\"observation\"", await ReceiveAsync(socket), StringComparison.Ordinal);

        var note = new string('n', 512 * 1024);
        var step = Encoding.UTF8.GetBytes("{\"type\":\"step\",\"data\":{\"dose\":0.5,\"metadata\":{\"note\":\"" + note + "\"}}}");
        var third = step.Length / 3;
        await socket.SendAsync(step.AsMemory(0, third), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await socket.SendAsync(step.AsMemory(third, third), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await socket.SendAsync(step.AsMemory(2 * third), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var reply = await ReceiveAsync(socket);

        Assert.StartsWith("""{"type":"observation""", reply, StringComparison.Ordinal);
        Assert.Contains("\"step_count\":1", reply, StringComparison.Ordinal);
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<string> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return text.ToString();
    }
}
