using System.Diagnostics;
using System.Net.WebSockets;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Robustness;

public sealed class ShutdownTests
{
    [Fact]
    public async Task StopServer_WithOpenWebSocket_ClosesItWith1001InsteadOfWaitingOutTheDrain()
    {
        var server = new ServerHost();
        await using var socket = await server.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");
        var closing = socket.ReceiveTextAsync();

        var stopwatch = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.Null(await closing);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.Socket.CloseStatus);
        Assert.Equal("Server shutting down", socket.Socket.CloseStatusDescription);
        // Kestrel would otherwise wait its 30 s drain timeout for the open connection.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"shutdown took {stopwatch.Elapsed}");
    }
}
