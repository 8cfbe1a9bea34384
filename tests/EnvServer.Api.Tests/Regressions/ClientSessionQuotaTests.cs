using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using EnvServer.Api.Hosting;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Regressions;

/// <summary>
/// Issue 17, defect 7: one client could take every session slot. MAX_SESSIONS_PER_CLIENT bounds what one client
/// address holds over every transport, and another address still gets sessions.
/// </summary>
public sealed class ClientSessionQuotaTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["MAX_SESSIONS_PER_CLIENT"] = "3",
        ["MAX_CONCURRENT_ENVS"] = "100",
    };

    [Fact]
    public void Default_Is256()
    {
        Assert.Equal(256, new ServerOptions().MaxSessionsPerClient);
    }

    [Fact]
    public async Task WebSocket_PastTheQuota_GetsCapacityReachedThenNormalClose()
    {
        await using var server = ConformanceServer.Start(Settings);
        var held = new List<RawWebSocket>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await server.ConnectAsync());
            await held[^1].RequestAsync("""{"type":"reset"}""");
        }

        await using var refused = await server.ConnectAsync();
        var frame = await refused.ReceiveJsonAsync();
        var closed = await refused.ReceiveTextAsync();

        Assert.Equal("error", frame.GetProperty("type").GetString());
        var data = frame.GetProperty("data");
        Assert.Equal("CAPACITY_REACHED", data.GetProperty("code").GetString());
        Assert.Equal(3, data.GetProperty("max_sessions_per_client").GetInt32());
        Assert.Contains("MAX_SESSIONS_PER_CLIENT", data.GetProperty("message").GetString());
        Assert.Null(closed);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, refused.Socket.CloseStatus);
        foreach (var socket in held) await socket.DisposeAsync();
    }

    [Fact]
    public async Task HttpAndMcp_PastTheQuota_Are429AndServerError_AndAClosedSessionGivesItsSlotBack()
    {
        await using var server = ConformanceServer.Start(Settings);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await HttpExchange.PostAsync(server.Http, "/reset", "{}", HttpExchange.NewSession)).SessionId!);

        var http = await HttpExchange.PostAsync(server.Http, "/reset", "{}", HttpExchange.NewSession);
        var mcp = await HttpExchange.PostAsync(server.Http, "/mcp", """{"jsonrpc":"2.0","method":"openenv/session/create","id":1}""");
        var stateless = await HttpExchange.PostAsync(server.Http, "/reset", "{}");
        await HttpExchange.PostAsync(server.Http, "/close", null, ids[0]);
        var afterClose = await HttpExchange.PostAsync(server.Http, "/reset", "{}", HttpExchange.NewSession);

        Assert.Contains("MAX_SESSIONS_PER_CLIENT", WireAssert.Detail(http, HttpStatusCode.TooManyRequests));
        WireAssert.RpcError(mcp.Json, -32000, 1);
        Assert.Equal(HttpStatusCode.OK, stateless.Status);
        Assert.Equal(HttpStatusCode.OK, afterClose.Status);
        Assert.NotNull(afterClose.SessionId);
    }

    [Fact]
    public async Task AnotherClientAddress_StillGetsSessions()
    {
        await using var server = ConformanceServer.Start(Settings);
        for (var i = 0; i < 3; i++) await HttpExchange.PostAsync(server.Http, "/reset", "{}", HttpExchange.NewSession);
        using var other = new HttpClient(new SocketsHttpHandler { ConnectCallback = FromAddress(IPAddress.Parse("127.0.0.2")) })
        {
            BaseAddress = server.BaseAddress,
        };

        var refused = await HttpExchange.PostAsync(server.Http, "/reset", "{}", HttpExchange.NewSession);
        var accepted = await HttpExchange.PostAsync(other, "/reset", "{}", HttpExchange.NewSession);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
    }

    /// <summary>Connects from another loopback address, which the server sees as another client.</summary>
    private static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> FromAddress(IPAddress local) =>
        async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
