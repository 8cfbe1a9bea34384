using System.Net;
using EnvServer.Api.Sessions;
using EnvServer.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Api.Tests.Regressions;

/// <summary>
/// Issue 17, OpenEnv compatibility: bare POST /reset and POST /step are stateless as in the reference (a fresh
/// environment per call, nothing held), and an HTTP session is opened only by POST /reset with <c>X-Session-Id: new</c>.
/// </summary>
public sealed class StatelessHttpTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private HttpClient Http => server.Host.Http;

    private SessionManager Sessions => server.Host.Services.GetRequiredService<SessionManager>();

    [Fact]
    public async Task Reset_WithoutSessionHeader_HoldsNoSlotAndNamesNoSession()
    {
        var before = Sessions.ActiveCount;

        for (var i = 0; i < 20; i++)
        {
            var reset = await HttpExchange.PostAsync(Http, "/reset", """{"seed":3}""");
            Assert.Equal(HttpStatusCode.OK, reset.Status);
            Assert.Null(reset.SessionId);
            Assert.False(reset.Json.GetProperty("metadata").TryGetProperty("session_id", out _));
        }

        Assert.Equal(before, Sessions.ActiveCount);
    }

    [Theory]
    [InlineData("/step", """{"action":{"dose":1}}""")]
    [InlineData("/envs/hiv/step", """{"action":{"action":0}}""")]
    [InlineData("/envs/sepsis/step", """{"action":{"action":4}}""")]
    public async Task Step_WithoutSessionHeader_Returns200FromAFreshEnvironment(string path, string body)
    {
        var before = Sessions.ActiveCount;

        var step = await HttpExchange.PostAsync(Http, path, body);

        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Equal(["done", "metadata", "observation", "reward"], WireAssert.KeysOf(step.Json).Order());
        Assert.Equal(1, step.Json.GetProperty("metadata").GetProperty("step_count").GetInt32());
        Assert.Null(step.SessionId);
        Assert.Equal(before, Sessions.ActiveCount);
    }

    [Fact]
    public async Task Step_WithoutSessionHeader_StillValidatesTheAction()
    {
        var step = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1,"route":"iv"}}""");

        WireAssert.SingleIssue(WireAssert.Unprocessable(step), "extra_forbidden", "route");
    }

    [Fact]
    public async Task Reset_WithSessionHeaderNew_OpensSessionThatStepAndStateContinue()
    {
        var reset = await HttpExchange.PostAsync(Http, "/reset", """{"seed":5}""", HttpExchange.NewSession);
        var id = reset.SessionId;

        var step = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1}}""", id);
        var state = await HttpExchange.GetAsync(Http, "/state", id);
        var close = await HttpExchange.PostAsync(Http, "/close", null, id);

        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.NotNull(id);
        Assert.NotEqual(HttpExchange.NewSession, id);
        Assert.Equal(id, reset.Json.GetProperty("metadata").GetProperty("session_id").GetString());
        Assert.Equal(1, step.Json.GetProperty("metadata").GetProperty("step_count").GetInt32());
        Assert.Equal(1, state.Json.GetProperty("step_count").GetInt32());
        Assert.Equal(5, state.Json.GetProperty("seed").GetInt64());
        Assert.Equal(HttpStatusCode.OK, close.Status);
    }

    [Fact]
    public async Task Reset_WithSessionHeaderNewAndInvalidKwargs_HoldsNoSlot()
    {
        var before = Sessions.ActiveCount;

        var reset = await HttpExchange.PostAsync(Http, "/reset", """{"seed":-1}""", HttpExchange.NewSession);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reset.Status);
        Assert.Null(reset.SessionId);
        Assert.Equal(before, Sessions.ActiveCount);
    }

    [Theory]
    [InlineData("POST", "/step")]
    [InlineData("GET", "/state")]
    [InlineData("POST", "/close")]
    public async Task NewSessionHeader_OnOtherThanReset_Is400(string method, string path)
    {
        var exchange = method == "GET"
            ? await HttpExchange.GetAsync(Http, path, HttpExchange.NewSession)
            : await HttpExchange.PostAsync(Http, path, """{"action":{"dose":1}}""", HttpExchange.NewSession);

        Assert.Contains("POST /reset", WireAssert.Detail(exchange, HttpStatusCode.BadRequest));
    }
}
