extern alias tools;

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Api.Tests.Infrastructure;
using EnvServer.Environments.Hiv;
using EnvServer.Environments.Polypharmacy;
using tools::EnvServer.Tools.Llm;

namespace EnvServer.Api.Tests.Endpoints;

/// <summary>POST /agent/suggest: model suggestions behind guardrails, the heuristic without a key, and 422s naming the field.</summary>
public sealed class AgentEndpointsTests
{
    [Fact]
    public async Task Suggest_NoApiKey_AnswersWithTheHeuristicAndSaysSo()
    {
        await using var host = Host(null);
        var observation = await ResetAsync(host, "polypharmacy", "{\"seed\": 0, \"task_id\": \"easy_screening\"}");

        var reply = await SuggestAsync(host, observation, "polypharmacy", "easy_screening");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var json = reply.Json;
        Assert.Equal(("heuristic", JsonValueKind.Null, false), (json.GetProperty("source").GetString(), json.GetProperty("model").ValueKind, json.GetProperty("overridden").GetBoolean()));
        Assert.StartsWith("No API key is configured", json.GetProperty("note").GetString());
        Assert.Equal(new HeuristicAgent().Act(observation).ToJson(), json.GetProperty("action").GetRawText());
        Assert.Equal("easy_screening", json.GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task Suggest_ModelGivesASafeValidAction_ReturnsItWithItsRationale()
    {
        await using var chat = await ScriptedChatServer.StartAsync(Always("{\"action\": {\"action\": 6}, \"rationale\": \"treat infection and hypoxia\"}"));
        await using var host = Host(chat);
        var observation = await ResetAsync(host, "sepsis", "{\"seed\": 4}");

        var json = (await SuggestAsync(host, observation, "sepsis", null)).Json;

        Assert.Equal(("model", "scripted-model", "treat infection and hypoxia"),
            (json.GetProperty("source").GetString(), json.GetProperty("model").GetString(), json.GetProperty("rationale").GetString()));
        Assert.Equal(("{\"action\":6}", false, 0), (json.GetProperty("action").GetRawText(), json.GetProperty("overridden").GetBoolean(), json.GetProperty("guardrails").GetArrayLength()));
        Assert.Equal("full_state", json.GetProperty("task_id").GetString());
        var prompt = chat.Requests.Single().GetProperty("messages")[1].GetProperty("content").GetString();
        Assert.Contains(observation.GetProperty("heart_rate").GetString()!, prompt);
    }

    [Fact]
    public async Task Suggest_ModelStopsACriticalDrug_TheGuardrailOverridesIt()
    {
        await using var probe = Host(null);
        var (observation, critical) = await CriticalPatientAsync(probe);
        var stop = PolypharmacyAction.Intervene(critical, PolypharmacyVocabulary.Stop).ToJson();
        await using var chat = await ScriptedChatServer.StartAsync(Always($"{{\"action\": {stop}, \"rationale\": \"too many drugs\"}}"));
        await using var host = Host(chat);

        var json = (await SuggestAsync(host, observation, "polypharmacy", "complex_tradeoff")).Json;

        Assert.Equal(("model", true), (json.GetProperty("source").GetString(), json.GetProperty("overridden").GetBoolean()));
        var hit = Assert.Single(json.GetProperty("guardrails").EnumerateArray());
        Assert.Equal("critical_drug_stop", hit.GetProperty("rule").GetString());
        Assert.StartsWith($"{critical} is a critical drug", hit.GetProperty("reason").GetString());
        Assert.NotEqual(stop, json.GetProperty("action").GetRawText());
    }

    [Fact]
    public async Task Suggest_ModelActionBreaksTheSchema_TheHeuristicAnswersAndTheGuardrailIsNamed()
    {
        await using var chat = await ScriptedChatServer.StartAsync(Always("{\"action\": {\"action\": 12}}"));
        await using var host = Host(chat);
        var observation = await ResetAsync(host, "hiv", "{\"seed\": 1}");

        var json = (await SuggestAsync(host, observation, "hiv", null)).Json;

        Assert.Equal(("heuristic", true), (json.GetProperty("source").GetString(), json.GetProperty("overridden").GetBoolean()));
        var hit = Assert.Single(json.GetProperty("guardrails").EnumerateArray());
        Assert.Equal(("schema", "action: must be at most 3, got 12; the heuristic's action instead"), (hit.GetProperty("rule").GetString(), hit.GetProperty("reason").GetString()));
        Assert.Equal($"{{\"action\":{HivBaselinePolicies.ClinicalRule(observation)}}}", json.GetProperty("action").GetRawText());
        Assert.Single(chat.Requests);
    }

    [Theory]
    [InlineData(null, "body")]
    [InlineData("{\"observation\": ", "body")]
    [InlineData("{}", "body.observation")]
    [InlineData("{\"observation\": 3}", "body.observation")]
    [InlineData("{\"observation\": {}, \"session\": 1}", "body.session")]
    [InlineData("{\"observation\": {}, \"env_id\": \"chess\"}", "body.env_id")]
    [InlineData("{\"observation\": {}, \"env_id\": \"hiv\", \"task_id\": \"cure\"}", "body.task_id")]
    [InlineData("{\"observation\": {\"cd4\": 500}, \"env_id\": \"hiv\"}", "body.observation.viral_load")]
    public async Task Suggest_BadRequest_Is422NamingTheField(string? body, string location)
    {
        await using var host = Host(null);

        var reply = await HttpExchange.PostAsync(host.Http, "/agent/suggest", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Contains(location, reply.Json.GetProperty("detail").EnumerateArray().Select(d => string.Join('.', d.GetProperty("loc").EnumerateArray().Select(l => l.GetString()))));
    }

    [Fact]
    public async Task Suggest_ObservationWithBrokenNestedFields_Is422Not500()
    {
        await using var host = Host(null);
        var observation = JsonNode.Parse((await ResetAsync(host, "polypharmacy", "{\"seed\": 0}")).GetRawText())!.AsObject();
        observation["current_medications"] = new JsonArray(new JsonObject { ["drug_id"] = "warfarin" });

        var reply = await SuggestAsync(host, JsonSerializer.SerializeToElement(observation), "polypharmacy", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        var detail = Assert.Single(reply.Json.GetProperty("detail").EnumerateArray());
        Assert.Equal(["body", "observation", "current_medications", "0", "slot"], detail.GetProperty("loc").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("missing", detail.GetProperty("type").GetString());
    }

    /// <summary>Issue 17, defect 6: a short valid_query_pairs item threw IndexOutOfRange in the heuristic (500).</summary>
    [Theory]
    [InlineData("/agent/suggest", "[\"warfarin\"]", "valid_query_pairs.0")]
    [InlineData("/agent/baseline", "[\"warfarin\"]", "valid_query_pairs.0")]
    [InlineData("/agent/baseline", "[]", "valid_query_pairs.0")]
    [InlineData("/agent/baseline", "[1, 2]", "valid_query_pairs.0.0")]
    [InlineData("/agent/baseline", "[\"nodrug\", \"other\"]", "valid_query_pairs.0.0")]
    [InlineData("/agent/suggest", "\"x\"", "valid_query_pairs.0")]
    public async Task Agent_PolypharmacyMalformedQueryPair_Is422NamingTheItem(string path, string pair, string location)
    {
        await using var host = Host(null);
        var observation = JsonNode.Parse((await ResetAsync(host, "polypharmacy", "{\"seed\": 0}")).GetRawText())!.AsObject();
        observation["valid_query_pairs"] = new JsonArray(JsonNode.Parse(pair));

        var reply = await HttpExchange.PostAsync(host.Http, path, Request(JsonSerializer.SerializeToElement(observation), "polypharmacy", null));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        var detail = Assert.Single(reply.Json.GetProperty("detail").EnumerateArray());
        Assert.Equal($"body.observation.{location}", string.Join('.', detail.GetProperty("loc").EnumerateArray().Select(l => l.GetString())));
    }

    [Theory]
    [InlineData("current_medications", "[[1]]", "current_medications.0")]
    [InlineData("interaction_queries", "[{\"drug_id_1\": \"a\"}]", "interaction_queries.0.drug_id_2")]
    [InlineData("action_mask", "[1.0, 0.0]", "action_mask")]
    public async Task Agent_PolypharmacyMalformedNestedField_Is422NamingIt(string field, string value, string location)
    {
        await using var host = Host(null);
        var observation = JsonNode.Parse((await ResetAsync(host, "polypharmacy", "{\"seed\": 0}")).GetRawText())!.AsObject();
        observation[field] = JsonNode.Parse(value);

        foreach (var path in new[] { "/agent/suggest", "/agent/baseline" })
        {
            var reply = await HttpExchange.PostAsync(host.Http, path, Request(JsonSerializer.SerializeToElement(observation), "polypharmacy", null));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
            var detail = Assert.Single(reply.Json.GetProperty("detail").EnumerateArray());
            Assert.Equal($"body.observation.{location}", string.Join('.', detail.GetProperty("loc").EnumerateArray().Select(l => l.GetString())));
        }
    }

    [Fact]
    public async Task Baseline_ModelConfigured_AnswersWithTheHeuristicAlone()
    {
        await using var chat = await ScriptedChatServer.StartAsync(Always("{\"action\": {\"action\": 0}, \"rationale\": \"wait\"}"));
        await using var host = Host(chat);
        var observation = await ResetAsync(host, "hiv", "{\"seed\": 1}");

        var reply = await HttpExchange.PostAsync(host.Http, "/agent/baseline", Request(observation, "hiv", null));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(("hiv/clinical_rule", "default_patient"), (reply.Json.GetProperty("policy").GetString(), reply.Json.GetProperty("task_id").GetString()));
        Assert.Equal($"{{\"action\":{HivBaselinePolicies.ClinicalRule(observation)}}}", reply.Json.GetProperty("action").GetRawText());
        Assert.Empty(chat.Requests);
    }

    [Fact]
    public async Task Baseline_Polypharmacy_IsTheHeuristicAgentsAction()
    {
        await using var host = Host(null);
        var observation = await ResetAsync(host, "polypharmacy", "{\"seed\": 5, \"task_id\": \"complex_tradeoff\"}");

        var json = (await HttpExchange.PostAsync(host.Http, "/agent/baseline", Request(observation, "polypharmacy", "complex_tradeoff"))).Json;

        Assert.Equal(new HeuristicAgent().Act(observation).ToJson(), json.GetProperty("action").GetRawText());
        Assert.Equal("polypharmacy/heuristic", json.GetProperty("policy").GetString());
    }

    [Theory]
    [InlineData("{}", "body.observation")]
    [InlineData("{\"observation\": {}, \"env_id\": \"chess\"}", "body.env_id")]
    [InlineData("{\"observation\": {\"cd4\": 500}, \"env_id\": \"hiv\"}", "body.observation.viral_load")]
    public async Task Baseline_BadRequest_Is422NamingTheField(string body, string location)
    {
        await using var host = Host(null);

        var reply = await HttpExchange.PostAsync(host.Http, "/agent/baseline", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Contains(location, reply.Json.GetProperty("detail").EnumerateArray().Select(d => string.Join('.', d.GetProperty("loc").EnumerateArray().Select(l => l.GetString()))));
    }

    /// <summary>A server whose model is <paramref name="chat"/>, or none (keys blanked, whatever the machine has set).</summary>
    private static ServerHost Host(ScriptedChatServer? chat) => new(new Dictionary<string, string>
    {
        ["API_BASE_URL"] = chat?.BaseUrl.ToString() ?? "",
        ["MODEL_NAME"] = "scripted-model",
        ["HF_TOKEN"] = "",
        ["OPENAI_API_KEY"] = chat is null ? "" : "test-key",
    });

    private static IChatScript Always(string text) => new QueueScript([], new ScriptedReply.Content(text));

    private static async Task<JsonElement> ResetAsync(ServerHost host, string environment, string body) =>
        (await HttpExchange.PostAsync(host.Http, $"/envs/{environment}/reset", body)).Json.GetProperty("observation").Clone();

    private static Task<HttpExchange> SuggestAsync(ServerHost host, JsonElement observation, string environment, string? task) =>
        HttpExchange.PostAsync(host.Http, "/agent/suggest", Request(observation, environment, task));

    private static string Request(JsonElement observation, string environment, string? task)
    {
        var body = new JsonObject { ["observation"] = JsonNode.Parse(observation.GetRawText()), ["env_id"] = environment };
        if (task is not null) body["task_id"] = task;
        return body.ToJsonString();
    }

    /// <summary>The first complex_tradeoff patient taking a critical drug whose stop the mask allows.</summary>
    private static async Task<(JsonElement Observation, string Drug)> CriticalPatientAsync(ServerHost host)
    {
        for (var patient = 0; patient < PolypharmacyTasks.PatientsPerTask; patient++)
        {
            var observation = await ResetAsync(host, "polypharmacy", $"{{\"task_id\": \"complex_tradeoff\", \"patient_index\": {patient}}}");
            var critical = observation.GetProperty("current_medications").EnumerateArray().FirstOrDefault(m =>
                m.GetProperty("critical").GetBoolean() && m.GetProperty("valid_interventions").EnumerateArray().Any(v => v.GetString() == PolypharmacyVocabulary.Stop));
            if (critical.ValueKind == JsonValueKind.Object) return (observation, critical.GetProperty("drug_id").GetString()!);
        }

        throw new InvalidOperationException("No complex_tradeoff patient takes a critical drug.");
    }
}
