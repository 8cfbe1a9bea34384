using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Client.Tests;

[Collection(ServerCollection.Name)]
public sealed class EnvSessionTests(ServerFixture server)
{
    private static readonly object FixedPatient = new { task_id = "fixed_patient", seed = 7 };
    private static readonly object HalfDose = new { dose = 0.5 };

    [Fact]
    public async Task ResetAsync_FixedPatient_ReturnsFirstObservation()
    {
        await using var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);

        var result = await session.ResetAsync(FixedPatient);

        Assert.False(result.Done);
        Assert.False(result.Terminated);
        Assert.False(result.Truncated);
        Assert.Equal(0.0, result.GetDouble("observation.concentration"));
        Assert.Equal("fixed_patient", result.GetString("metadata.task_id"));
        Assert.Equal(0, result.GetDouble("metadata.step_count"));
    }

    [Fact]
    public async Task StepAsync_AfterReset_ReturnsRewardAndAdvancesStepCount()
    {
        await using var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);
        await session.ResetAsync(FixedPatient);

        var result = await session.StepAsync(HalfDose);

        // One-compartment model, C0 = 0, k = 0.05: C1 = 0.5, below the window [2, 3], so reward = -(2 - 0.5).
        Assert.Equal(0.5, result.GetDouble("observation.concentration")!.Value, 9);
        Assert.Equal(-1.5, result.Reward!.Value, 9);
        Assert.Equal(1, result.GetDouble("metadata.step_count"));
        Assert.False(result.Done);
    }

    [Fact]
    public async Task StepAsync_WholeEpisode_EndsTruncatedWithGraderScore()
    {
        await using var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);
        await session.ResetAsync(FixedPatient);

        StepResult result;
        var steps = 0;
        do
        {
            result = await session.StepAsync(HalfDose);
            steps++;
        }
        while (!result.Done && steps < 1000);

        Assert.Equal(100, steps);
        Assert.True(result.Truncated);
        Assert.False(result.Terminated);
        Assert.InRange(result.GetDouble("metadata.grader_score")!.Value, 0.001, 0.999);
    }

    [Fact]
    public async Task StateAsync_AfterTwoSteps_ReportsEpisodeAndStepCount()
    {
        await using var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);
        var reset = await session.ResetAsync(FixedPatient);
        await session.StepAsync(HalfDose);
        await session.StepAsync(HalfDose);

        var state = await session.StateAsync();

        Assert.Equal(2, state.GetProperty("step_count").GetInt32());
        Assert.Equal(reset.GetString("metadata.episode_id"), state.GetProperty("episode_id").GetString());
    }

    [Fact]
    public async Task CloseAsync_OpenSession_FreesServerSlotAndRejectsLaterRequests()
    {
        var health = new EnvHttpClient(server.Http, server.RootUrl);
        var before = await ActiveSessionsAsync(health);
        var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);
        await session.ResetAsync(FixedPatient);
        Assert.Equal(before + 1, await ActiveSessionsAsync(health));

        await session.CloseAsync();

        Assert.True(await EventuallyAsync(async () => await ActiveSessionsAsync(health) == before));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.StepAsync(HalfDose));
        await session.CloseAsync();
    }

    [Fact]
    public async Task StepAsync_NonNumericDose_ThrowsValidationErrorAndSessionGoesOn()
    {
        await using var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);
        await session.ResetAsync(FixedPatient);

        var error = await Assert.ThrowsAsync<EnvServerException>(() => session.StepAsync(new { dose = "x" }));

        Assert.Equal(EnvServerErrorCodes.ValidationError, error.Code);
        Assert.Equal(JsonValueKind.Array, error.Errors.ValueKind);
        Assert.NotEqual(0, error.Errors.GetArrayLength());
        var next = await session.StepAsync(HalfDose);
        Assert.Equal(1, next.GetDouble("metadata.step_count"));
    }

    [Fact]
    public async Task StepAsync_BeforeReset_StepsAFreshEpisodeAsOpenEnvsReference()
    {
        await using var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);

        var result = await session.StepAsync(HalfDose);

        Assert.Equal(1.0, result.GetDouble("metadata.step_count"));
    }

    [Fact]
    public async Task StepAsync_ActionOfSeveralMegabytes_IsSentAndAnswered()
    {
        await using var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);
        await session.ResetAsync(FixedPatient);
        var note = new string('n', 3 * 1024 * 1024);

        // OpenEnv always allows "metadata" in an action; it carries the bulk here.
        var result = await session.StepAsync(new { dose = 0.5, metadata = new { note } });

        Assert.Equal(1, result.GetDouble("metadata.step_count"));
    }

    [Fact]
    public async Task StepAsync_ReplyOfSeveralMegabytes_IsReassembled()
    {
        await using var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);
        await session.ResetAsync(FixedPatient);
        var unknownKey = new string('k', 2 * 1024 * 1024);

        // An unknown field is rejected and named in the error's loc, so the reply is as large as the request.
        var error = await Assert.ThrowsAsync<EnvServerException>(
            () => session.StepAsync(new Dictionary<string, object> { ["dose"] = 0.5, [unknownKey] = 1 }));

        Assert.Equal(EnvServerErrorCodes.ValidationError, error.Code);
        Assert.Contains(unknownKey, error.Errors.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpAsync_ToolsList_ReturnsJsonRpcResponseWithSameId()
    {
        await using var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);

        var response = await session.McpAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "tools/list", ["id"] = 42 });

        Assert.Equal("2.0", response.GetProperty("jsonrpc").GetString());
        Assert.Equal(42, response.GetProperty("id").GetInt32());
        Assert.True(response.TryGetProperty("result", out _) || response.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task ConnectAsync_RootUrl_ServesDefaultEnvironment()
    {
        await using var session = await EnvSession.ConnectAsync(server.RootUrl);

        var result = await session.ResetAsync();

        Assert.Equal(JsonValueKind.Object, result.Observation.ValueKind);
        Assert.EndsWith("/ws", session.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("ws", session.Url.Scheme);
    }

    [Fact]
    public async Task ConnectAsync_WebSocketUrl_IsUsedAsGiven()
    {
        var url = new UriBuilder(server.DrugDoseUrl) { Scheme = "ws", Path = "/envs/drug-dose/ws" }.Uri;
        await using var session = await EnvSession.ConnectAsync(url);

        var result = await session.ResetAsync(FixedPatient);

        Assert.Equal(url, session.Url);
        Assert.Equal("fixed_patient", result.GetString("metadata.task_id"));
    }

    [Fact]
    public async Task ConnectAsync_UnknownEnvironment_ThrowsWebSocketException()
    {
        await Assert.ThrowsAsync<WebSocketException>(() => EnvSession.ConnectAsync(new Uri(server.RootUrl, "envs/no-such-env")));
    }

    private static async Task<int> ActiveSessionsAsync(EnvHttpClient client) =>
        (await client.HealthAsync()).GetProperty("active_sessions").GetInt32();

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }

        return false;
    }
}
