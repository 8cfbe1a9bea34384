using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;
using EnvServer.Environments.Polypharmacy;

namespace EnvServer.Api.Tests.Environments;

/// <summary>
/// polypharmacy over the wire: whole heuristic episodes over WebSocket and HTTP sessions grade exactly as in-process,
/// the action mask travels in every observation, malformed actions are 422 / VALIDATION_ERROR naming the field,
/// impossible ones are a penalised step, acting after the end is 409 / EXECUTION_ERROR — never a 500.
/// </summary>
public sealed class PolypharmacyWireTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private const string Base = "/envs/polypharmacy";

    public static TheoryData<string, int> Episodes => new()
    {
        { "easy_screening", 0 },
        { "budgeted_screening", 7 },
        { "complex_tradeoff", 21 },
    };

    [Theory]
    [MemberData(nameof(Episodes))]
    public async Task WebSocket_HeuristicEpisode_GradesAsInProcess(string taskId, int patientIndex)
    {
        await using var socket = await server.Host.ConnectAsync($"{Base}/ws");
        var agent = new HeuristicAgent();

        var data = Observation(await socket.RequestAsync(Message("reset", new { seed = 3, task_id = taskId, patient_index = patientIndex })));
        var steps = 0;
        while (!data.GetProperty("done").GetBoolean())
        {
            AssertMask(data.GetProperty("observation"));
            var action = agent.Act(data.GetProperty("observation"));
            data = Observation(await socket.RequestAsync($$"""{"type":"step","data":{{action.ToJson()}}}"""));
            steps++;
            Assert.Equal(JsonValueKind.Null, data.GetProperty("observation").GetProperty("last_action_error").ValueKind);
        }

        var metadata = data.GetProperty("metadata");
        Assert.Equal(steps, metadata.GetProperty("step_count").GetInt32());
        Assert.True(data.GetProperty("observation").GetProperty("terminated").GetBoolean());
        Assert.Equal(PolypharmacyBaselines.Play(new HeuristicAgent(), taskId, patientIndex), metadata.GetProperty("grader_score").GetDouble());
        Assert.Equal(metadata.GetProperty("grader_score").GetDouble(), data.GetProperty("reward").GetDouble());

        var state = await socket.RequestAsync("""{"type":"state"}""");
        Assert.Equal(PatientTable.Shared[taskId][patientIndex].PatientId, state.GetProperty("data").GetProperty("patient_id").GetString());
    }

    [Theory]
    [MemberData(nameof(Episodes))]
    public async Task Http_HeuristicEpisodeWithSession_GradesAsInProcess(string taskId, int patientIndex)
    {
        var agent = new HeuristicAgent();
        var reset = await HttpExchange.PostAsync(server.Host.Http, $"{Base}/reset", $$"""{"task_id":"{{taskId}}","patient_index":{{patientIndex}},"seed":1}""", HttpExchange.NewSession);
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        var session = reset.SessionId!;
        var data = reset.Json;
        while (!data.GetProperty("done").GetBoolean())
        {
            AssertMask(data.GetProperty("observation"));
            var step = await HttpExchange.PostAsync(server.Host.Http, $"{Base}/step", $$"""{"action":{{agent.Act(data.GetProperty("observation")).ToJson()}}}""", session);
            Assert.Equal(HttpStatusCode.OK, step.Status);
            data = step.Json;
        }

        Assert.Equal(PolypharmacyBaselines.Play(new HeuristicAgent(), taskId, patientIndex), data.GetProperty("metadata").GetProperty("grader_score").GetDouble());

        var after = await HttpExchange.PostAsync(server.Host.Http, $"{Base}/step", """{"action":{"action_type":"finish_review"}}""", session);
        WireAssert.Detail(after, HttpStatusCode.Conflict);
        await HttpExchange.PostAsync(server.Host.Http, $"{Base}/close", null, session);
    }

    [Theory]
    [InlineData("""{"action_type":"query_ddi","drug_id_1":"warfarin","drug_id_2":"kryptonite"}""", "literal_error", "drug_id_2")]
    [InlineData("""{"action_type":"query_ddi","drug_id_1":"warfarin"}""", "missing", "drug_id_2")]
    [InlineData("""{"action_type":"propose_intervention","target_drug_id":"warfarin","intervention_type":"substitute"}""", "missing", "proposed_new_drug_id")]
    [InlineData("""{"action_type":"propose_intervention","target_drug_id":"warfarin","intervention_type":"halve"}""", "literal_error", "intervention_type")]
    [InlineData("""{"action_type":"review"}""", "literal_error", "action_type")]
    [InlineData("""{"drug_id_1":"warfarin"}""", "missing", "action_type")]
    [InlineData("""{"action_type":"finish_review","dose":3}""", "extra_forbidden", "dose")]
    [InlineData("""{"action_type":"finish_review","target_drug_id":"warfarin"}""", "value_error", "target_drug_id")]
    public async Task WebSocket_MalformedAction_IsValidationErrorNamingFieldAndTakesNoStep(string action, string type, string field)
    {
        await using var socket = await server.Host.ConnectAsync($"{Base}/ws");
        await socket.RequestAsync(Message("reset", new { seed = 1, task_id = "easy_screening", patient_index = 0 }));

        var error = WireAssert.ErrorFrame(await socket.RequestAsync($$"""{"type":"step","data":{{action}}}"""), "VALIDATION_ERROR");

        WireAssert.SingleIssue(error.GetProperty("errors"), type, field);
        var state = await socket.RequestAsync("""{"type":"state"}""");
        Assert.Equal(0, state.GetProperty("data").GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Http_UnknownDrug_Is422NamingField()
    {
        var reset = await HttpExchange.PostAsync(server.Host.Http, $"{Base}/reset", """{"task_id":"easy_screening","patient_index":0}""", HttpExchange.NewSession);

        var step = await HttpExchange.PostAsync(server.Host.Http, $"{Base}/step",
            """{"action":{"action_type":"propose_intervention","target_drug_id":"aspirin2","intervention_type":"stop"}}""", reset.SessionId);

        var detail = WireAssert.Unprocessable(step);
        WireAssert.Issue(detail[0], "literal_error", "target_drug_id");
        await HttpExchange.PostAsync(server.Host.Http, $"{Base}/close", null, reset.SessionId);
    }

    [Fact]
    public async Task WebSocket_ImpossibleActions_ArePenalisedStepsWithReasons()
    {
        await using var socket = await server.Host.ConnectAsync($"{Base}/ws");
        var reset = Observation(await socket.RequestAsync(Message("reset", new { seed = 1, task_id = "easy_screening", patient_index = 0 })));
        var taken = reset.GetProperty("observation").GetProperty("current_medications").EnumerateArray().Select(m => m.GetProperty("drug_id").GetString()!).ToHashSet();
        var absent = PolypharmacyCatalog.Shared.Drugs.First(d => !taken.Contains(d.Id)).Id;
        var first = taken.First();
        var otherClass = PolypharmacyCatalog.Shared.Drugs.First(d => d.AtcClass != PolypharmacyCatalog.Shared.Drug(first).AtcClass && !taken.Contains(d.Id)).Id;

        string[] actions =
        [
            $$"""{"action_type":"propose_intervention","target_drug_id":"{{absent}}","intervention_type":"stop"}""",
            $$"""{"action_type":"query_ddi","drug_id_1":"{{first}}","drug_id_2":"{{absent}}"}""",
            $$"""{"action_type":"propose_intervention","target_drug_id":"{{first}}","intervention_type":"substitute","proposed_new_drug_id":"{{otherClass}}"}""",
        ];
        for (var i = 0; i < actions.Length; i++)
        {
            var data = Observation(await socket.RequestAsync($$"""{"type":"step","data":{{actions[i]}}}"""));
            Assert.Equal(-0.15, data.GetProperty("reward").GetDouble());
            Assert.False(data.GetProperty("done").GetBoolean());
            Assert.False(string.IsNullOrEmpty(data.GetProperty("observation").GetProperty("last_action_error").GetString()));
            Assert.Equal(i + 1, data.GetProperty("metadata").GetProperty("invalid_actions").GetInt32());
            Assert.Equal(i + 1, data.GetProperty("metadata").GetProperty("step_count").GetInt32());
        }
    }

    [Fact]
    public async Task WebSocket_ActingAfterFinish_IsExecutionError()
    {
        await using var socket = await server.Host.ConnectAsync($"{Base}/ws");
        await socket.RequestAsync(Message("reset", new { seed = 1, task_id = "complex_tradeoff", reward_mode = "clamped" }));

        var finished = Observation(await socket.RequestAsync("""{"type":"step","data":{"action_type":"finish_review"}}"""));
        var again = await socket.RequestAsync("""{"type":"step","data":{"action_type":"finish_review"}}""");

        Assert.True(finished.GetProperty("done").GetBoolean());
        Assert.Equal(0.001, finished.GetProperty("reward").GetDouble());
        WireAssert.ErrorFrame(again, "EXECUTION_ERROR");
        Assert.All(finished.GetProperty("observation").GetProperty("action_mask").EnumerateArray(), m => Assert.Equal(0.0, m.GetDouble()));
    }

    [Theory]
    [InlineData("""{"patient_index":40}""", "less_than_equal", "patient_index")]
    [InlineData("""{"reward_mode":"shaped"}""", "literal_error", "reward_mode")]
    public async Task Http_BadResetOption_Is422(string body, string type, string field)
    {
        var reset = await HttpExchange.PostAsync(server.Host.Http, $"{Base}/reset", body, HttpExchange.NewSession);

        WireAssert.Issue(WireAssert.Unprocessable(reset)[0], type, "body", field);
    }

    [Fact]
    public async Task Http_RandomAndHostileActions_NeverGiveA500()
    {
        var random = new EnvServer.Environments.Core.SeededRandom(17);
        string[] values = ["\"warfarin\"", "\"naproxen\"", "\"x\"", "null", "3", "\"stop\"", "\"substitute\"", "\"\"", "[]", "{}", "\"celecoxib\""];
        string[] fields = ["action_type", "drug_id_1", "drug_id_2", "target_drug_id", "intervention_type", "proposed_new_drug_id", "rationale"];
        string[] types = ["\"query_ddi\"", "\"propose_intervention\"", "\"finish_review\"", "\"other\""];
        var reset = await HttpExchange.PostAsync(server.Host.Http, $"{Base}/reset", """{"task_id":"budgeted_screening","seed":4}""", HttpExchange.NewSession);
        var session = reset.SessionId!;

        for (var i = 0; i < 200; i++)
        {
            var parts = new List<string> { $"\"action_type\":{types[random.NextInt(types.Length)]}" };
            foreach (var field in fields.Skip(1))
            {
                if (random.Bernoulli(0.5)) parts.Add($"\"{field}\":{values[random.NextInt(values.Length)]}");
            }

            var step = await HttpExchange.PostAsync(server.Host.Http, $"{Base}/step", $"{{\"action\":{{{string.Join(",", parts)}}}}}", session);
            Assert.Contains(step.Status, new[] { HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity, HttpStatusCode.Conflict });
            if (step.Status == HttpStatusCode.Conflict)
            {
                reset = await HttpExchange.PostAsync(server.Host.Http, $"{Base}/reset", """{"task_id":"budgeted_screening"}""", session);
                Assert.Equal(HttpStatusCode.OK, reset.Status);
            }
        }

        await HttpExchange.PostAsync(server.Host.Http, $"{Base}/close", null, session);
    }

    [Fact]
    public async Task Schema_Action_ListsDrugIdsAndObservationArrays()
    {
        var schema = (await HttpExchange.GetAsync(server.Host.Http, $"{Base}/schema")).Json;

        var action = schema.GetProperty("action").GetProperty("properties");
        Assert.Equal(34, action.GetProperty("drug_id_1").GetProperty("anyOf")[0].GetProperty("enum").GetArrayLength());
        var observation = schema.GetProperty("observation").GetProperty("properties");
        Assert.Equal("array", observation.GetProperty("current_medications").GetProperty("type").GetString());
        Assert.Equal("array", observation.GetProperty("action_mask").GetProperty("type").GetString());
    }

    private static string Message(string type, object data) => JsonSerializer.Serialize(new { type, data });

    private static JsonElement Observation(JsonElement frame)
    {
        Assert.Equal("observation", frame.GetProperty("type").GetString());
        return frame.GetProperty("data");
    }

    private static void AssertMask(JsonElement observation)
    {
        var mask = observation.GetProperty("action_mask").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(ActionMask.Size, mask.Length);
        Assert.Equal(1.0, mask[ActionMask.FinishIndex]);
        Assert.All(mask, m => Assert.True(m is 0.0 or 1.0));
    }
}
