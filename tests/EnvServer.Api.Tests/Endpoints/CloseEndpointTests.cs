using System.Net;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Endpoints;

public sealed class CloseEndpointTests
{
    [Fact]
    public async Task Close_OpenHttpSession_FreesItsSlotAndForgetsIt()
    {
        await using var server = new ServerHost();
        var reset = await HttpExchange.PostAsync(server.Http, "/reset", "{}", HttpExchange.NewSession);
        Assert.Equal(1, (await HttpExchange.GetAsync(server.Http, "/health")).Json.GetProperty("active_sessions").GetInt32());

        var closed = await HttpExchange.PostAsync(server.Http, "/close", body: null, reset.SessionId);

        Assert.Equal(HttpStatusCode.OK, closed.Status);
        Assert.Equal(reset.SessionId, closed.Json.GetProperty("session_id").GetString());
        Assert.True(closed.Json.GetProperty("closed").GetBoolean());
        Assert.Equal(0, (await HttpExchange.GetAsync(server.Http, "/health")).Json.GetProperty("active_sessions").GetInt32());
        var step = await HttpExchange.PostAsync(server.Http, "/step", """{"action":{"dose":0.5}}""", reset.SessionId);
        Assert.Equal(HttpStatusCode.NotFound, step.Status);
    }

    [Fact]
    public async Task Close_WithoutSessionHeader_Returns422NamingTheHeader()
    {
        await using var server = new ServerHost();

        var closed = await HttpExchange.PostAsync(server.Http, "/envs/drug-dose/close", body: null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, closed.Status);
        var issue = Assert.Single(closed.Json.GetProperty("detail").EnumerateArray());
        Assert.Equal("missing", issue.GetProperty("type").GetString());
        Assert.Equal(["header", HttpExchange.SessionHeader], issue.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Close_UnknownSession_Returns404()
    {
        await using var server = new ServerHost();

        var closed = await HttpExchange.PostAsync(server.Http, "/close", body: null, sessionId: "no-such-session");

        Assert.Equal(HttpStatusCode.NotFound, closed.Status);
        Assert.Contains("no-such-session", closed.Json.GetProperty("detail").GetString());
    }
}
