using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Endpoints;

/// <summary>GET /envs, the whole OpenEnv surface under /envs/{id}/, and unknown environment ids.</summary>
public sealed class EnvironmentListEndpointsTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private const string Prefix = "/envs/drug-dose";

    private HttpClient Http => server.Host.Http;

    [Fact]
    public async Task Envs_Get_ListsDrugDoseWithTasksAndSchema()
    {
        var exchange = await HttpExchange.GetAsync(Http, "/envs");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        var json = exchange.Json;
        Assert.Equal("drug-dose", json.GetProperty("default_env").GetString());
        var drugDose = Assert.Single(json.GetProperty("environments").EnumerateArray(), e => e.GetProperty("id").GetString() == "drug-dose");
        Assert.Equal("DrugDoseEnvironment", drugDose.GetProperty("name").GetString());
        Assert.Equal(Prefix, drugDose.GetProperty("path").GetString());
        Assert.Equal("fixed_patient", drugDose.GetProperty("default_task").GetString());

        var tasks = drugDose.GetProperty("tasks").EnumerateArray().ToArray();
        Assert.Equal(["fixed_patient", "variable_patient", "pkpd_toxicity"], tasks.Select(t => t.GetProperty("id").GetString()!));
        Assert.Equal(["easy", "medium", "hard"], tasks.Select(t => t.GetProperty("difficulty").GetString()!));
        Assert.All(tasks, t => Assert.NotEmpty(t.GetProperty("description").GetString()!));

        var schema = (await HttpExchange.GetAsync(Http, "/schema")).Body;
        Assert.Equal(WireAssert.Parse(schema).GetRawText(), drugDose.GetProperty("schema").GetRawText());
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/metadata")]
    [InlineData("/schema")]
    public async Task Surface_DiscoveryUnderEnvPrefix_MatchesRoot(string path)
    {
        var root = await HttpExchange.GetAsync(Http, path);
        var prefixed = await HttpExchange.GetAsync(Http, Prefix + path);

        Assert.Equal(HttpStatusCode.OK, prefixed.Status);
        Assert.Equal("application/json", prefixed.ContentType);
        WireAssert.ExactKeys(prefixed.Json, WireAssert.KeysOf(root.Json));
        if (path != "/health") Assert.Equal(root.Body, prefixed.Body);
    }

    [Fact]
    public async Task Surface_ResetStepStateUnderEnvPrefix_PlayAnEpisode()
    {
        var reset = await HttpExchange.PostAsync(Http, Prefix + "/reset", """{"seed":3,"task_id":"pkpd_toxicity"}""", HttpExchange.NewSession);
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        WireAssert.Envelope(reset.Json, "session_id");

        var step = await HttpExchange.PostAsync(Http, Prefix + "/step", """{"action":{"dose":0.5}}""", reset.SessionId);
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Equal(1, step.Json.GetProperty("metadata").GetProperty("step_count").GetInt32());

        var state = await HttpExchange.GetAsync(Http, Prefix + "/state", reset.SessionId);
        Assert.Equal(HttpStatusCode.OK, state.Status);
        Assert.Equal("pkpd_toxicity", state.Json.GetProperty("task_id").GetString());
        Assert.Equal(1, state.Json.GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Surface_SessionFromRootUsedUnderEnvPrefix_ContinuesSameEpisode()
    {
        // Both mounts serve the same environment, so the session is the same one.
        var reset = await HttpExchange.PostAsync(Http, "/reset", """{"seed":3}""", HttpExchange.NewSession);

        var step = await HttpExchange.PostAsync(Http, Prefix + "/step", """{"action":{"dose":0.5}}""", reset.SessionId);

        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Equal(1, step.Json.GetProperty("metadata").GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Surface_McpUnderEnvPrefix_AnswersToolsList()
    {
        var exchange = await HttpExchange.PostAsync(Http, Prefix + "/mcp", """{"jsonrpc":"2.0","method":"tools/list","id":1}""");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        var result = WireAssert.RpcResult(exchange.Json, 1);
        Assert.Equal(3, result.GetProperty("tools").GetArrayLength());
    }

    [Fact]
    public async Task Surface_WebSocketUnderEnvPrefix_PlaysEpisode()
    {
        await using var socket = await server.Host.ConnectAsync(Prefix + "/ws");

        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":3}}"""));
        var step = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":1}}"""));

        Assert.Equal(1, step.GetProperty("metadata").GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Surface_McpWebSocketUnderEnvPrefix_AnswersJsonRpc()
    {
        await using var socket = await server.Host.ConnectAsync(Prefix + "/mcp");

        var response = await socket.RequestAsync("""{"jsonrpc":"2.0","method":"tools/list","id":"x"}""");

        Assert.Equal(3, WireAssert.RpcResult(response, "x").GetProperty("tools").GetArrayLength());
    }

    [Theory]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/metadata")]
    [InlineData("GET", "/schema")]
    [InlineData("GET", "/state")]
    [InlineData("POST", "/reset")]
    [InlineData("POST", "/step")]
    [InlineData("POST", "/mcp")]
    [InlineData("GET", "/ws")]
    public async Task UnknownEnvironment_AnyEndpoint_Returns404DetailNamingKnownIds(string method, string path)
    {
        var exchange = method == "GET"
            ? await HttpExchange.GetAsync(Http, "/envs/no-such-env" + path)
            : await HttpExchange.PostAsync(Http, "/envs/no-such-env" + path, "{}");

        var detail = WireAssert.Detail(exchange, HttpStatusCode.NotFound);
        Assert.Contains("no-such-env", detail);
        Assert.Contains("drug-dose", detail);
    }

    [Fact]
    public async Task UnknownEnvironment_WebSocketUpgrade_IsRefused()
    {
        using var socket = new ClientWebSocket();

        await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(server.Host.WebSocketUri("/envs/no-such-env/ws"), CancellationToken.None));
    }

    [Theory]
    [InlineData("/ws")]
    [InlineData("/mcp")]
    [InlineData(Prefix + "/ws")]
    public async Task WebSocketEndpoint_GetWithoutUpgrade_Returns400JsonDetail(string path)
    {
        var exchange = await HttpExchange.GetAsync(Http, path);

        var detail = WireAssert.Detail(exchange, HttpStatusCode.BadRequest);
        Assert.Contains("WebSocket", detail);
    }

    [Fact]
    public async Task Envs_Get_EachEnvironmentHasPathWhoseHealthAnswers()
    {
        var environments = (await HttpExchange.GetAsync(Http, "/envs")).Json.GetProperty("environments").EnumerateArray().ToArray();

        Assert.NotEmpty(environments);
        foreach (var environment in environments)
        {
            var health = await HttpExchange.GetAsync(Http, environment.GetProperty("path").GetString() + "/health");
            Assert.Equal(HttpStatusCode.OK, health.Status);
            Assert.Equal("healthy", health.Json.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Object, environment.GetProperty("schema").GetProperty("action").ValueKind);
        }
    }
}
