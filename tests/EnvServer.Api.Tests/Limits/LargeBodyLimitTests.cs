using System.Net;
using System.Text;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Limits;

/// <summary>
/// Issue 17, defect 9: large HTTP bodies in flight at once are bounded (MAX_CONCURRENT_LARGE_BODIES), while small
/// requests never wait.
/// </summary>
public sealed class LargeBodyLimitTests
{
    private static readonly byte[] LargeBody = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1,\"pad\":\"" + new string('p', 200_000) + "\"}");

    [Fact]
    public async Task SecondLargeBody_WhileOneIsInFlight_WaitsAndSmallRequestsPass()
    {
        await using var server = new ServerHost(new Dictionary<string, string> { ["MAX_CONCURRENT_LARGE_BODIES"] = "1" });
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();

        // The first large body sends half, then stalls: it holds the only slot.
        var first = server.Http.PostAsync("/mcp", new StalledContent(LargeBody, started, release.Task));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(200);
        var second = server.Http.PostAsync("/mcp", new ByteArrayContent(LargeBody));
        var small = await HttpExchange.PostAsync(server.Http, "/mcp", """{"jsonrpc":"2.0","method":"ping","id":2}""");

        var secondFinishedEarly = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(1))) == second;
        release.SetResult();
        using var firstResponse = await first.WaitAsync(TimeSpan.FromSeconds(20));
        using var secondResponse = await second.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, small.Status);
        Assert.False(secondFinishedEarly, "a second large body was handled while the only slot was taken");
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        Assert.Contains("unexpected field 'pad'", await secondResponse.Content.ReadAsStringAsync());
    }

    /// <summary>A body of known length that sends its first half, then waits for <paramref name="release"/>.</summary>
    private sealed class StalledContent(byte[] body, TaskCompletionSource started, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var half = body.Length / 2;
            await stream.WriteAsync(body.AsMemory(0, half));
            await stream.FlushAsync();
            started.TrySetResult();
            await release;
            await stream.WriteAsync(body.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
