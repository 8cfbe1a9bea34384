using System.Net;
using EnvServer.Api.Sessions;
using EnvServer.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Api.Tests.Regressions;

/// <summary>
/// Issue 17, defect 4: a key repeated in one object (<c>{"seed":"x","seed":3}</c>) was checked by its last value and
/// read by its first, which threw inside the handler (HTTP 500, WS "Internal error", MCP -32603). It is invalid JSON
/// on every transport now, and a refused reset holds no session slot.
/// </summary>
public sealed class DuplicateKeyTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private const string Duplicated = """{"seed":"x","seed":3}""";

    private SessionManager Sessions => server.Host.Services.GetRequiredService<SessionManager>();

    [Theory]
    [InlineData("/envs/hiv/reset", null)]
    [InlineData("/envs/hiv/reset", "new")]
    [InlineData("/envs/hiv/step", null)]
    public async Task HttpBody_DuplicateKey_Is422JsonInvalidNamingTheKey(string path, string? sessionHeader)
    {
        var exchange = await HttpExchange.PostAsync(server.Host.Http, path, path.EndsWith("step") ? """{"action":{"action":1,"action":2}}""" : Duplicated, sessionHeader);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, exchange.Status);
        var issue = Assert.Single(exchange.Json.GetProperty("detail").EnumerateArray());
        Assert.Equal("json_invalid", issue.GetProperty("type").GetString());
        Assert.Contains(path.EndsWith("step") ? "'action'" : "'seed'", issue.GetProperty("msg").GetString());
        Assert.Null(exchange.SessionId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("new")]
    public async Task HttpReset_DuplicateKey_HoldsNoSlot(string? sessionHeader)
    {
        var before = Sessions.ActiveCount;

        for (var i = 0; i < 5; i++) await HttpExchange.PostAsync(server.Host.Http, "/envs/hiv/reset", Duplicated, sessionHeader);

        Assert.Equal(before, Sessions.ActiveCount);
    }

    [Fact]
    public async Task WebSocketReset_DuplicateKey_IsInvalidJsonAndTheSessionGoesOn()
    {
        await using var socket = await server.Host.ConnectAsync("/envs/hiv/ws");

        var reply = await socket.RequestAsync("""{"type":"reset","data":{"seed":"x","seed":3}}""");
        var after = await socket.RequestAsync("""{"type":"reset","data":{"seed":3}}""");

        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Equal("INVALID_JSON", reply.GetProperty("data").GetProperty("code").GetString());
        Assert.Contains("'seed'", reply.GetProperty("data").GetProperty("message").GetString());
        Assert.Equal("observation", after.GetProperty("type").GetString());
    }

    [Fact]
    public async Task McpToolCall_DuplicateKey_IsParseError()
    {
        var exchange = await HttpExchange.PostAsync(server.Host.Http, "/envs/hiv/mcp",
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"reset_episode","arguments":{"seed":"x","seed":3}}}""");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.Equal(-32700, exchange.Json.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("'seed'", exchange.Json.GetProperty("error").GetProperty("message").GetString());
    }
}
