using System.Text.Json;
using EnvServer.Agent.Core;
using EnvServer.Agent.Core.Actions;
using EnvServer.Agent.Core.Llm;
using EnvServer.Agent.Core.Policy;
using EnvServer.Environments.Core;
using EnvServer.Environments.Schema;
using EnvServer.Tools.Llm;
using static EnvServer.Agent.Tests.Infrastructure.Replies;

namespace EnvServer.Agent.Tests.Policy;

public class LlmPolicyTests
{
    private static readonly JsonElement HivObservation = JsonElement.Parse("{\"viral_load\": 52000.0, \"cd4\": 180.0, \"features\": [1, 2]}");

    [Fact]
    public async Task DecideAsync_CommitRefusesTheAction_ShowsTheServersProblemAndCommitsTheCorrection()
    {
        await using var server = await ScriptedChatServer.StartAsync(Then(Action("{\"action\": 1}"), Action("{\"action\": 2}")));
        var committed = new List<string>();
        CommitAction commit = (action, _) =>
        {
            committed.Add(action.ToJsonString());
            return ValueTask.FromResult(committed.Count == 1 ? new ActionProblem(ActionProblem.Server, "action: refused by the server") : null);
        };

        var decision = await Policy(server, new PolicyOptions()).DecideAsync(Request(), commit);

        Assert.Equal((DecisionSource.Model, "{\"action\":1}", "scripted"), (decision.Source, decision.Action.ToJsonString(), decision.Rationale));
        Assert.Equal(["{\"action\":2}", "{\"action\":1}"], committed);
        Assert.Equal([new ActionProblem(ActionProblem.Server, "action: refused by the server")], decision.Problems);
        Assert.Contains("action: refused by the server", server.Requests[1].GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString());
    }

    [Fact]
    public async Task DecideAsync_NoCorrectionsAllowed_TheBaselineActsAfterOneInvalidReply()
    {
        await using var server = await ScriptedChatServer.StartAsync(Always(Action("{\"action\": 4}")));

        var decision = await Policy(server, new PolicyOptions { MaxCorrections = 0 }).DecideAsync(Request(), LlmPolicy.Accept);

        Assert.Equal((DecisionSource.Baseline, "{\"action\":3}", 1), (decision.Source, decision.Action.ToJsonString(), decision.ModelCalls));
        Assert.Equal("hiv/clinical_rule acted: no valid action in 1 replies", decision.Rationale);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task DecideAsync_Prompt_ComesFromTheEnvironmentsOwnDescriptionSchemaAndObservation()
    {
        await using var server = await ScriptedChatServer.StartAsync(Always(Action("{\"action\": 3}")));

        await Policy(server, new PolicyOptions()).DecideAsync(Request() with { RecentSteps = ["step 1: action {\"action\":0} -> reward 0.5"] }, LlmPolicy.Accept);

        var messages = server.Requests[0].GetProperty("messages");
        var system = messages[0].GetProperty("content").GetString()!;
        var spec = EnvironmentRegistry.CreateDefault().Find("hiv")!;
        Assert.Contains(spec.Description, system);
        Assert.Contains($"Task default_patient: {spec.Tasks[0].Description}", system);
        Assert.Contains(JsonSerializer.Serialize(JsonSerializer.SerializeToElement(StandardSchemas.Action(spec).ToJsonSchema()), AgentJson.Compact), system);
        var user = messages[1].GetProperty("content").GetString()!;
        Assert.Contains("step 1: action {\"action\":0} -> reward 0.5", user);
        Assert.Contains("\"viral_load\": 52000", user);
        Assert.DoesNotContain("features", user);
    }

    [Fact]
    public async Task DecideAsync_NoModel_TheBaselineActsWithoutCallingAnything()
    {
        var decision = await new LlmPolicy(null, new PolicyOptions()).DecideAsync(Request(), LlmPolicy.Accept);

        Assert.Equal((DecisionSource.Baseline, "{\"action\":3}", 0), (decision.Source, decision.Action.ToJsonString(), decision.ModelCalls));
        Assert.Empty(decision.Problems);
    }

    private static LlmPolicy Policy(ScriptedChatServer server, PolicyOptions options) =>
        new(new ChatModel(new LlmOptions { BaseUrl = server.BaseUrl, Model = "scripted-model", ApiKey = "k", InitialBackoff = TimeSpan.FromMilliseconds(5) }), options);

    private static DecisionRequest Request()
    {
        var spec = EnvironmentRegistry.CreateDefault().Find("hiv")!;
        var profile = new EnvironmentProfile("hiv", spec.Name, spec.Description, JsonSerializer.SerializeToElement(StandardSchemas.Action(spec).ToJsonSchema()))
        {
            Tasks = spec.Tasks.ToDictionary(t => t.Id, t => t.Description),
        };
        return new DecisionRequest(profile, "default_patient", HivObservation, 2, [], "hiv/default_patient/seed=0");
    }
}
