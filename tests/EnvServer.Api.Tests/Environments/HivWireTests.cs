using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Environments;

/// <summary>
/// hiv over the wire, under /envs/hiv/: the benchmark's fidelity anchor (never treating the default patient for
/// 200 steps returns 3,432,807.680391572) over WebSocket and over HTTP, every task, validation and MCP.
/// </summary>
public sealed class HivWireTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private const double NeverTreatAnchor = 3_432_807.680391572;

    private static readonly string[] ObservationKeys =
        ["state", "log_state", "cd4", "viral_load", "action", "rti_efficacy", "pi_efficacy", "features", "terminated", "truncated"];

    [Fact]
    public async Task NeverTreat_DefaultPatientOverWebSocket_ReturnsAnchor()
    {
        await using var socket = await server.Host.ConnectAsync("/envs/hiv/ws");
        var reset = Data(await socket.RequestAsync("""{"type":"reset","data":{"seed":1,"task_id":"default_patient"}}"""));
        Assert.Equal(0.0, reset.GetProperty("reward").GetDouble());

        var total = 0.0;
        JsonElement data = default;
        for (var t = 0; t < 200; t++)
        {
            Assert.False(t > 0 && data.GetProperty("done").GetBoolean());
            data = Data(await socket.RequestAsync("""{"type":"step","data":{"action":0}}"""));
            total += data.GetProperty("reward").GetDouble();
        }

        Assert.True(Math.Abs(total - NeverTreatAnchor) / NeverTreatAnchor < 1e-9, $"return {total:R}");
        Assert.True(data.GetProperty("done").GetBoolean());
        Assert.True(data.GetProperty("observation").GetProperty("truncated").GetBoolean());
        Assert.False(data.GetProperty("observation").GetProperty("terminated").GetBoolean());
        var metadata = data.GetProperty("metadata");
        Assert.Equal(total, metadata.GetProperty("cumulative_reward").GetDouble(), 6);
        Assert.Equal(0.001, metadata.GetProperty("grader_score").GetDouble());
        Assert.Equal("reference", metadata.GetProperty("integrator").GetString());
    }

    [Fact]
    public async Task NeverTreat_DefaultPatientOverHttpSession_ReturnsAnchor()
    {
        var reset = await HttpExchange.PostAsync(server.Host.Http, "/envs/hiv/reset", """{"seed":1}""", HttpExchange.NewSession);
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        var session = reset.SessionId!;
        try
        {
            var total = 0.0;
            for (var t = 0; t < 200; t++)
            {
                var step = await HttpExchange.PostAsync(server.Host.Http, "/envs/hiv/step", """{"action":{"action":0}}""", session);
                Assert.Equal(HttpStatusCode.OK, step.Status);
                total += step.Json.GetProperty("reward").GetDouble();
            }

            Assert.True(Math.Abs(total - NeverTreatAnchor) / NeverTreatAnchor < 1e-9, $"return {total:R}");
            var state = (await HttpExchange.GetAsync(server.Host.Http, "/envs/hiv/state", session)).Json;
            Assert.Equal(200, state.GetProperty("step_count").GetInt32());
            Assert.Equal(0.001, state.GetProperty("grader_score").GetDouble());
            Assert.Equal(63919.0, state.GetProperty("v").GetDouble(), 0);
        }
        finally
        {
            await HttpExchange.PostAsync(server.Host.Http, "/envs/hiv/close", null, session);
        }
    }

    [Theory]
    [InlineData("default_patient", false)]
    [InlineData("randomized_patient", false)]
    [InlineData("clinical_monitoring", true)]
    public async Task EveryTask_ServedUnderEnvsHiv_WithItsObservation(string task, bool monitored)
    {
        await using var socket = await server.Host.ConnectAsync("/envs/hiv/ws");
        Data(await socket.RequestAsync($$$"""{"type":"reset","data":{"seed":5,"task_id":"{{{task}}}","integrator":"fast","cohort":"hospital_c"}}"""));

        var data = Data(await socket.RequestAsync("""{"type":"step","data":{"action":3}}"""));

        var observation = data.GetProperty("observation");
        WireAssert.ExactKeys(observation, ObservationKeys);
        Assert.Equal(monitored, observation.GetProperty("state").ValueKind == JsonValueKind.Null);
        Assert.Equal(monitored ? 2 : 6, observation.GetProperty("features").GetArrayLength());
        Assert.Equal(0.7, observation.GetProperty("rti_efficacy").GetDouble());
        Assert.Equal(0.3, observation.GetProperty("pi_efficacy").GetDouble());
        Assert.Equal(task, data.GetProperty("metadata").GetProperty("task_id").GetString());
        Assert.Equal("fast", data.GetProperty("metadata").GetProperty("integrator").GetString());
        Assert.Equal("hospital_c", data.GetProperty("metadata").GetProperty("cohort").GetString());
    }

    [Fact]
    public async Task Envs_Listing_ShowsHivWithItsTasks()
    {
        var envs = WireAssert.Parse(await server.Host.Http.GetStringAsync("/envs"));

        var text = envs.GetRawText();
        Assert.Contains("\"hiv\"", text);
        foreach (var task in new[] { "default_patient", "randomized_patient", "clinical_monitoring" }) Assert.Contains(task, text);
        var schema = WireAssert.Parse(await server.Host.Http.GetStringAsync("/envs/hiv/schema"));
        Assert.Equal(3.0, schema.GetProperty("action").GetProperty("properties").GetProperty("action").GetProperty("maximum").GetDouble());
    }

    [Theory]
    [InlineData("""{"action":4}""", "less_than_equal")]
    [InlineData("""{"action":1.5}""", "int_from_float")]
    [InlineData("""{}""", "missing")]
    public async Task Step_BadAction_ValidationErrorNamingAction(string action, string type)
    {
        await using var socket = await server.Host.ConnectAsync("/envs/hiv/ws");
        Data(await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}"""));

        var reply = await socket.RequestAsync($$"""{"type":"step","data":{{action}}}""");

        Assert.Equal("error", reply.GetProperty("type").GetString());
        var error = reply.GetProperty("data");
        Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
        var issue = error.GetProperty("errors")[0];
        Assert.Equal(type, issue.GetProperty("type").GetString());
        Assert.Equal("action", issue.GetProperty("loc")[0].GetString());
    }

    [Theory]
    [InlineData("""{"cohort":"hospital_z"}""", "cohort")]
    [InlineData("""{"integrator":"rk4"}""", "integrator")]
    public async Task Reset_BadOption_ValidationErrorNamingIt(string options, string field)
    {
        var reply = await HttpExchange.PostAsync(server.Host.Http, "/envs/hiv/reset", options, HttpExchange.NewSession);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Contains($"\"{field}\"", reply.Body);
    }

    [Fact]
    public async Task Mcp_TakeAction_SameRewardsAsWebSocket()
    {
        await using var mcp = await server.Host.ConnectAsync("/envs/hiv/mcp");
        await using var socket = await server.Host.ConnectAsync("/envs/hiv/ws");
        await mcp.RequestAsync("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"reset_episode","arguments":{"seed":3,"task_id":"randomized_patient"}},"id":1}""");
        Data(await socket.RequestAsync("""{"type":"reset","data":{"seed":3,"task_id":"randomized_patient"}}"""));

        for (var t = 0; t < 5; t++)
        {
            var rpc = await mcp.RequestAsync($$$"""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"take_action","arguments":{"action":{{{t % 4}}}}},"id":{{{t + 2}}}}""");
            var ws = Data(await socket.RequestAsync($$$"""{"type":"step","data":{"action":{{{t % 4}}}}}"""));
            var result = rpc.GetProperty("result");
            Assert.False(result.GetProperty("is_error").GetBoolean(), rpc.GetRawText());
            Assert.Equal(ws.GetProperty("reward").GetDouble(), result.GetProperty("data").GetProperty("reward").GetDouble());
        }
    }

    private static JsonElement Data(JsonElement frame)
    {
        Assert.Equal("observation", frame.GetProperty("type").GetString());
        return frame.GetProperty("data");
    }
}
