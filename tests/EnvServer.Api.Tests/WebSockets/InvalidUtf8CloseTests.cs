using System.Text;
using EnvServer.Api.Tests.Infrastructure;
using EnvServer.Api.Tests.Robustness;

namespace EnvServer.Api.Tests.WebSockets;

/// <summary>
/// Issue 17, defect 8: a text frame with invalid UTF-8 ends the connection with close 1007 (RFC 6455 §8.1), and every
/// client receives that close frame, even one that had already sent more frames (once, a TCP reset discarded it for
/// 88 % of clients). It counts close frames against the clock of a 2-second linger, so it runs alone, not beside
/// the other tests' load.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class InvalidUtf8CloseTests
{
    private const int Clients = 12;

    [Fact]
    public async Task InvalidUtf8TextFrame_FollowedByMoreFrames_EveryClientReceivesClose1007()
    {
        await using var server = new ServerHost();
        var state = Encoding.UTF8.GetBytes("""{"type":"state"}""");
        var trailing = Enumerable.Range(0, 200).SelectMany(_ => RawFrameSocket.EncodeFrame(RawFrameSocket.Text, state));
        byte[] burst = [.. RawFrameSocket.EncodeFrame(RawFrameSocket.Text, [0x22, 0xC3, 0x28, 0x22]), .. trailing];

        var endings = await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            using var socket = await RawFrameSocket.ConnectAsync(server.BaseAddress, "/envs/drug-dose/ws");
            await socket.SendRawAsync(burst);
            return await socket.ReadUntilServerEndsAsync(TimeSpan.FromSeconds(10));
        }));

        Assert.All(endings, ending => Assert.True(ending.Ended, "the server kept the connection open"));
        var closes = endings.Count(e => e.CloseCode == 1007);
        Assert.True(closes == Clients, $"{closes} of {Clients} clients received close 1007; the others: {string.Join(", ", endings.Where(e => e.CloseCode != 1007).Select(e => e.CloseCode?.ToString() ?? "reset or end of stream"))}");
    }
}
