using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Endpoints;

/// <summary>GET /health, /metadata, /schema, /openapi.json and /docs (spec §1.4–1.6, §5, §9.8).</summary>
public sealed class DiscoveryEndpointsTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private HttpClient Http => server.Host.Http;

    [Fact]
    public async Task Health_Get_ReturnsHealthyWithSessionCounts()
    {
        var exchange = await HttpExchange.GetAsync(Http, "/health");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.Equal("application/json", exchange.ContentType);
        var json = exchange.Json;
        WireAssert.ExactKeys(json, "status", "active_sessions", "max_sessions");
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("active_sessions").TryGetInt32(out var active) && active >= 0);
        Assert.True(json.GetProperty("max_sessions").TryGetInt32(out var max) && max >= 1);
    }

    [Fact]
    public async Task Health_WhileWebSocketOpen_CountsItsSession()
    {
        await using var host = ConformanceServer.Start(new Dictionary<string, string> { ["MAX_CONCURRENT_ENVS"] = "5" });
        Assert.Equal(0, await ActiveSessionsAsync(host));

        await using (var socket = await host.ConnectAsync())
        {
            await socket.RequestAsync("""{"type":"state"}""");
            var health = WireAssert.Parse(await host.Http.GetStringAsync("/health"));
            Assert.Equal(1, health.GetProperty("active_sessions").GetInt32());
            Assert.Equal(5, health.GetProperty("max_sessions").GetInt32());
            await socket.SendTextAsync("""{"type":"close"}""");
            Assert.Null(await socket.ReceiveTextAsync());
        }

        // The slot is freed once the server has torn the session down.
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (await ActiveSessionsAsync(host) != 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(0, await ActiveSessionsAsync(host));
    }

    [Fact]
    public async Task Metadata_Get_HasExactlyTheSixEnvironmentMetadataKeys()
    {
        var exchange = await HttpExchange.GetAsync(Http, "/metadata");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        var json = exchange.Json;
        WireAssert.ExactKeys(json, "name", "description", "readme_content", "version", "author", "documentation_url");
        Assert.Equal("DrugDoseEnvironment", json.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, json.GetProperty("description").ValueKind);
        Assert.NotEmpty(json.GetProperty("description").GetString()!);
        Assert.Equal("1.0.0", json.GetProperty("version").GetString());
        foreach (var optional in new[] { "readme_content", "author", "documentation_url" })
        {
            Assert.Contains(json.GetProperty(optional).ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        }
    }

    [Fact]
    public async Task Schema_Get_HasActionObservationStateAndResetObjects()
    {
        var json = (await GetOkAsync("/schema")).Json;

        WireAssert.ExactKeys(json, "action", "observation", "state", "reset");
        foreach (var name in new[] { "action", "observation", "state", "reset" })
        {
            var schema = json.GetProperty(name);
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.Equal(JsonValueKind.Object, schema.GetProperty("properties").ValueKind);
            Assert.Equal(JsonValueKind.String, schema.GetProperty("title").ValueKind);
        }
    }

    [Fact]
    public async Task Schema_Action_ForbidsExtraRequiresDoseAllowsMetadata()
    {
        var action = (await GetOkAsync("/schema")).Json.GetProperty("action");

        Assert.False(action.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["dose"], action.GetProperty("required").EnumerateArray().Select(e => e.GetString()!));
        var properties = action.GetProperty("properties");
        WireAssert.ExactKeys(properties, "metadata", "dose");
        Assert.Equal("object", properties.GetProperty("metadata").GetProperty("type").GetString());
        Assert.True(properties.GetProperty("metadata").GetProperty("additionalProperties").GetBoolean());
        Assert.Equal("number", properties.GetProperty("dose").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Schema_Observation_ListsDoneRewardMetadataFirstThenFieldsThenTerminatedTruncated()
    {
        var observation = (await GetOkAsync("/schema")).Json.GetProperty("observation");

        Assert.False(observation.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(
            // missing_mask is in the schema but only in frames when a realism measurement option is on.
            ["done", "reward", "metadata", .. WireAssert.ObservationKeys[..^2], "missing_mask", "terminated", "truncated"],
            WireAssert.KeysOf(observation.GetProperty("properties")));
        var properties = observation.GetProperty("properties");
        Assert.Equal("boolean", properties.GetProperty("done").GetProperty("type").GetString());
        Assert.False(properties.GetProperty("done").GetProperty("default").GetBoolean());
        Assert.Equal(JsonValueKind.Null, properties.GetProperty("reward").GetProperty("default").ValueKind);
        Assert.Contains(properties.GetProperty("reward").GetProperty("anyOf").EnumerateArray(), t => t.GetProperty("type").GetString() == "null");
        Assert.Equal("object", properties.GetProperty("metadata").GetProperty("type").GetString());
        Assert.Equal("boolean", properties.GetProperty("terminated").GetProperty("type").GetString());
        Assert.Equal("boolean", properties.GetProperty("truncated").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Schema_State_AllowsExtraWithEpisodeIdAndStepCount()
    {
        var state = (await GetOkAsync("/schema")).Json.GetProperty("state");

        Assert.True(state.GetProperty("additionalProperties").GetBoolean());
        var properties = state.GetProperty("properties");
        Assert.Equal(WireAssert.StateKeys, WireAssert.KeysOf(properties));
        var episodeId = properties.GetProperty("episode_id");
        Assert.Equal(["string", "null"], episodeId.GetProperty("anyOf").EnumerateArray().Select(t => t.GetProperty("type").GetString()!));
        Assert.Equal(JsonValueKind.Null, episodeId.GetProperty("default").ValueKind);
        var stepCount = properties.GetProperty("step_count");
        Assert.Equal("integer", stepCount.GetProperty("type").GetString());
        Assert.Equal(0, stepCount.GetProperty("minimum").GetDouble());
        Assert.Equal(0, stepCount.GetProperty("default").GetInt32());
    }

    [Fact]
    public async Task Schema_Reset_DescribesSeedEpisodeIdTaskAndOptions()
    {
        var reset = (await GetOkAsync("/schema")).Json.GetProperty("reset");

        Assert.True(reset.GetProperty("additionalProperties").GetBoolean());
        var properties = reset.GetProperty("properties");
        Assert.Equal(
            ["seed", "episode_id", "task_id", "elimination_rate", "noise_std", "initial_concentration", "max_dose", "max_steps",
             "parameter_variation", "observation_noise", "missing_rate", "measurement_interval", "measurement_timing"],
            WireAssert.KeysOf(properties));
        var seed = properties.GetProperty("seed");
        Assert.Equal("integer", seed.GetProperty("anyOf")[0].GetProperty("type").GetString());
        Assert.Equal(0, seed.GetProperty("anyOf")[0].GetProperty("minimum").GetDouble());
        Assert.Equal(255, properties.GetProperty("episode_id").GetProperty("anyOf")[0].GetProperty("maxLength").GetInt32());
        Assert.Equal(
            ["fixed_patient", "variable_patient", "pkpd_toxicity"],
            properties.GetProperty("task_id").GetProperty("anyOf")[0].GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public async Task OpenApi_Get_HasVersionAndEveryOpenEnvPath()
    {
        var json = (await GetOkAsync("/openapi.json")).Json;

        Assert.StartsWith("3.", json.GetProperty("openapi").GetString());
        Assert.Equal("1.0.0", json.GetProperty("info").GetProperty("version").GetString());
        var paths = WireAssert.KeysOf(json.GetProperty("paths"));
        Assert.All(new[] { "/reset", "/step", "/state", "/health", "/metadata", "/schema", "/mcp" }, p => Assert.Contains(p, paths));
        Assert.True(json.GetProperty("paths").GetProperty("/reset").TryGetProperty("post", out _));
        Assert.True(json.GetProperty("paths").GetProperty("/step").TryGetProperty("post", out _));
        Assert.True(json.GetProperty("paths").GetProperty("/state").TryGetProperty("get", out _));
        Assert.True(json.GetProperty("paths").GetProperty("/mcp").TryGetProperty("post", out _));
    }

    [Fact]
    public async Task Docs_Get_ServesSwaggerUiHtml()
    {
        using var response = await Http.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("swagger-ui", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownPath_Get_Returns404JsonDetail()
    {
        var exchange = await HttpExchange.GetAsync(Http, "/no/such/endpoint");

        WireAssert.Detail(exchange, HttpStatusCode.NotFound);
    }

    private async Task<HttpExchange> GetOkAsync(string path)
    {
        var exchange = await HttpExchange.GetAsync(Http, path);
        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.Equal("application/json", exchange.ContentType);
        return exchange;
    }

    private static async Task<int> ActiveSessionsAsync(ServerHost host) =>
        WireAssert.Parse(await host.Http.GetStringAsync("/health")).GetProperty("active_sessions").GetInt32();
}
