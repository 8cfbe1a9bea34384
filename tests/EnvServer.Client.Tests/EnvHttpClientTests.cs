using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Client.Tests;

[Collection(ServerCollection.Name)]
public sealed class EnvHttpClientTests(ServerFixture server)
{
    private static readonly object FixedPatient = new { task_id = "fixed_patient", seed = 3 };
    private static readonly object HalfDose = new { dose = 0.5 };

    private EnvHttpClient DrugDose => new(server.Http, server.DrugDoseUrl);

    [Fact]
    public async Task ResetAsync_NoSessionId_ReturnsNewSessionIdAlsoInMetadata()
    {
        var reset = await DrugDose.ResetAsync(FixedPatient);

        Assert.False(string.IsNullOrEmpty(reset.SessionId));
        Assert.Equal(reset.SessionId, reset.Result.GetString("metadata.session_id"));
        Assert.Equal("fixed_patient", reset.Result.GetString("metadata.task_id"));
    }

    [Fact]
    public async Task StepAsync_WithSessionId_ContinuesThatEpisode()
    {
        var client = DrugDose;
        var reset = await client.ResetAsync(FixedPatient);

        await client.StepAsync(reset.SessionId, HalfDose);
        var second = await client.StepAsync(reset.SessionId, HalfDose);
        var state = await client.StateAsync(reset.SessionId);

        Assert.Equal(2, second.GetDouble("metadata.step_count"));
        Assert.Equal(2, state.GetProperty("step_count").GetInt32());
        Assert.Equal(reset.Result.GetString("metadata.episode_id"), state.GetProperty("episode_id").GetString());
    }

    [Fact]
    public async Task ResetAsync_WithSessionId_RestartsThatSession()
    {
        var client = DrugDose;
        var first = await client.ResetAsync(FixedPatient);
        await client.StepAsync(first.SessionId, HalfDose);

        var again = await client.ResetAsync(FixedPatient, first.SessionId);

        Assert.Equal(first.SessionId, again.SessionId);
        Assert.Equal(0, again.Result.GetDouble("metadata.step_count"));
    }

    [Fact]
    public async Task StepAsync_InvalidDose_ThrowsUnprocessableWithDetailList()
    {
        var client = DrugDose;
        var reset = await client.ResetAsync(FixedPatient);

        var error = await Assert.ThrowsAsync<EnvHttpException>(() => client.StepAsync(reset.SessionId, new { dose = "x" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal(JsonValueKind.Array, error.Detail.ValueKind);
        Assert.Equal("dose", error.Detail[0].GetProperty("loc")[0].GetString());
    }

    [Fact]
    public async Task StepAsync_UnknownSessionId_ThrowsNotFoundWithDetailText()
    {
        var error = await Assert.ThrowsAsync<EnvHttpException>(() => DrugDose.StepAsync("no-such-session", HalfDose));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(JsonValueKind.String, error.Detail.ValueKind);
        Assert.Contains("no-such-session", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthAsync_RunningServer_ReportsHealthyWithCapacity()
    {
        var health = await DrugDose.HealthAsync();

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("max_sessions").GetInt32() > 0);
    }

    [Fact]
    public async Task SchemaAsync_DrugDose_DescribesActionObservationAndState()
    {
        var schema = await DrugDose.SchemaAsync();

        Assert.True(schema.GetProperty("action").GetProperty("properties").TryGetProperty("dose", out _));
        Assert.Equal(JsonValueKind.Object, schema.GetProperty("observation").ValueKind);
        Assert.Equal(JsonValueKind.Object, schema.GetProperty("state").ValueKind);
    }

    [Fact]
    public async Task MetadataAsync_DrugDose_HasNameAndDescription()
    {
        var metadata = await DrugDose.MetadataAsync();

        Assert.False(string.IsNullOrEmpty(metadata.GetProperty("name").GetString()));
        Assert.False(string.IsNullOrEmpty(metadata.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task ListEnvironmentsAsync_FromEnvironmentBase_ListsDrugDose()
    {
        var list = await DrugDose.ListEnvironmentsAsync();

        Assert.Contains("\"drug-dose\"", list.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpAsync_EmptyRequest_ReturnsJsonRpcInvalidRequest()
    {
        var response = await DrugDose.McpAsync([]);

        Assert.Equal("2.0", response.GetProperty("jsonrpc").GetString());
        Assert.Equal(-32600, response.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task McpAsync_ToolsList_AnswersWithSameId()
    {
        var response = await DrugDose.McpAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "tools/list", ["id"] = "a" });

        Assert.Equal("a", response.GetProperty("id").GetString());
    }
}
