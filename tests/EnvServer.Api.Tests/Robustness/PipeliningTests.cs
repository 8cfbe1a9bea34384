using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>
/// The connection's reader keeps draining the socket while replies are still pending: requests sent
/// back to back without reading are all answered, in order, and pings sent in between are answered
/// as they are read rather than after the requests ahead of them.
/// </summary>
public sealed class PipeliningTests
{
    private const int Requests = 200;

    private static readonly string Reset = """{"type":"reset","data":{"seed":99,"task_id":"variable_patient","episode_id":"pipelined","max_steps":1000}}""";

    private static string Step(int i) => EpisodeScript.StepMessage(i % 7 * 0.05);

    [Fact]
    public async Task PipelinedRequests_SentWithoutReading_AreAllAnsweredInOrder()
    {
        await using var server = new ServerHost();
        var messages = new[] { Reset }.Concat(Enumerable.Range(1, Requests).Select(i => i % 50 == 0 ? EpisodeScript.StateMessage : Step(i))).ToArray();

        var pipelined = await Probe.ConnectAsync(server.WebSocketUri());
        List<string> replies = [];
        try
        {
            foreach (var message in messages) await Probe.SendTextAsync(pipelined, message);
            foreach (var _ in messages) replies.Add((await Probe.ReceiveAsync(pipelined)).Text!);
            await Probe.CloseAsync(pipelined);
        }
        finally
        {
            pipelined.Abort();
            pipelined.Dispose();
        }

        // In order: the k-th reply answers the k-th request (step_count counts the steps so far).
        var steps = 0;
        for (var k = 0; k < messages.Length; k++)
        {
            using var reply = JsonDocument.Parse(replies[k]);
            var isState = messages[k] == EpisodeScript.StateMessage;
            Assert.Equal(isState ? "state" : "observation", reply.RootElement.GetProperty("type").GetString());
            if (k > 0 && !isState) steps++;
            var stepCount = isState
                ? reply.RootElement.GetProperty("data").GetProperty("step_count").GetInt32()
                : reply.RootElement.GetProperty("data").GetProperty("metadata").GetProperty("step_count").GetInt32();
            Assert.Equal(steps, stepCount);
        }

        // And exactly what the same requests give one at a time.
        var oneByOne = await Probe.ConnectAsync(server.WebSocketUri());
        try
        {
            for (var k = 0; k < messages.Length; k++) Assert.Equal(replies[k], await Probe.RequestTextAsync(oneByOne, messages[k]));
        }
        finally
        {
            await Probe.CloseAsync(oneByOne);
        }
    }

    [Fact]
    public async Task PingsBetweenPipelinedRequests_AreAllAnswered_AndRepliesStayInOrder()
    {
        await using var server = new ServerHost();
        using var socket = await RawFrameSocket.ConnectAsync(server.BaseAddress);

        // One write holding the reset, 200 steps and a ping after every fourth step.
        using var burst = new MemoryStream();
        burst.Write(RawFrameSocket.EncodeFrame(RawFrameSocket.Text, Encoding.UTF8.GetBytes(Reset)));
        var pings = 0;
        for (var i = 1; i <= Requests; i++)
        {
            burst.Write(RawFrameSocket.EncodeFrame(RawFrameSocket.Text, Encoding.UTF8.GetBytes(Step(i))));
            if (i % 4 != 0) continue;
            var payload = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(payload, ++pings);
            burst.Write(RawFrameSocket.EncodeFrame(RawFrameSocket.Ping, payload));
        }

        await socket.SendRawAsync(burst.ToArray());

        var pongs = new List<long>();
        var replies = new List<string>();
        var pongsBeforeLastReply = 0;
        while (replies.Count < Requests + 1 || pongs.Count < pings)
        {
            var frame = await socket.ReadFrameAsync(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException("the server closed the connection");
            switch (frame.Opcode)
            {
                case RawFrameSocket.Pong:
                    pongs.Add(BinaryPrimitives.ReadInt64BigEndian(frame.Payload));
                    if (replies.Count < Requests + 1) pongsBeforeLastReply++;
                    break;
                case RawFrameSocket.Text:
                    Assert.True(frame.Fin, "replies are single frames");
                    replies.Add(Encoding.UTF8.GetString(frame.Payload));
                    break;
                default:
                    throw new InvalidOperationException($"unexpected frame {frame.Opcode}");
            }
        }

        // Every ping got its own pong, in order, and every request its reply, in order.
        Assert.Equal(Enumerable.Range(1, pings).Select(i => (long)i), pongs);
        for (var k = 0; k <= Requests; k++)
        {
            using var reply = JsonDocument.Parse(replies[k]);
            Assert.Equal(k, reply.RootElement.GetProperty("data").GetProperty("metadata").GetProperty("step_count").GetInt32());
        }

        // The reader answered pings while replies were still owed.
        Assert.True(pongsBeforeLastReply > 0, "every pong came after the last reply");
        await socket.SendFrameAsync(RawFrameSocket.Close, [0x03, 0xE8]);
        var ending = await socket.ReadUntilServerEndsAsync(TimeSpan.FromSeconds(5));
        Assert.True(ending.Ended);
        await Probe.WaitForActiveSessionsAsync(server.Http, 0, TimeSpan.FromSeconds(5));
    }
}
