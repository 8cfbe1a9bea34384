using System.Net;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Limits;

/// <summary>MAX_MESSAGE_BYTES on both surfaces: a clear error naming the limit, and the WebSocket session survives.</summary>
public sealed class MessageSizeTests : IAsyncLifetime
{
    private const int Limit = 4096;
    private ServerHost _server = null!;

    public Task InitializeAsync()
    {
        _server = new ServerHost(new Dictionary<string, string> { ["MAX_MESSAGE_BYTES"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Oversized(string type) => $$$"""{"type":"{{{type}}}","data":{"dose":0.5,"pad":"{{{new string('x', Limit)}}}"}}""";

    [Fact]
    public async Task WebSocketMessage_OverLimit_ValidationErrorAndEpisodeContinues()
    {
        await using var socket = await _server.ConnectAsync();
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}"""));
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":0.5}}"""));

        var refused = WireAssert.ErrorFrame(await socket.RequestAsync(Oversized("step")), "VALIDATION_ERROR");
        var next = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":0.5}}"""));

        var issue = refused.GetProperty("errors")[0];
        Assert.Contains(Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), issue.GetProperty("msg").GetString());
        Assert.Equal(2, next.GetProperty("metadata").GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task McpWebSocketMessage_OverLimit_InvalidRequestAndConnectionKept()
    {
        await using var socket = await _server.ConnectAsync("/mcp");

        var refused = WireAssert.RpcError(await socket.RequestAsync(Oversized("mcp")), -32600, null);
        var next = await socket.RequestAsync("""{"jsonrpc":"2.0","method":"tools/list","id":2}""");

        Assert.Contains("exceeds the limit", refused.GetProperty("message").GetString());
        WireAssert.RpcResult(next, 2);
    }

    [Theory]
    [InlineData("/reset")]
    [InlineData("/step")]
    [InlineData("/mcp")]
    [InlineData("/envs/hiv/step")]
    public async Task HttpBody_OverLimit_Is413WithJsonDetail(string path)
    {
        var exchange = await HttpExchange.PostAsync(_server.Http, path, Oversized("step"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, exchange.Status);
        var detail = exchange.Json.GetProperty("detail");
        Assert.Equal("too_large", detail[0].GetProperty("type").GetString());
        Assert.Equal(["body"], detail[0].GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("MAX_MESSAGE_BYTES", detail[0].GetProperty("msg").GetString());
    }

    [Fact]
    public async Task HttpBody_AtLimit_IsAccepted()
    {
        var body = "{\"seed\":1,\"pad\":\"";
        body += new string('x', Limit - body.Length - 2) + "\"}";

        var exchange = await HttpExchange.PostAsync(_server.Http, "/reset", body);

        Assert.Equal(Limit, System.Text.Encoding.UTF8.GetByteCount(body));
        Assert.Equal(HttpStatusCode.OK, exchange.Status);
    }
}
