using System.Globalization;
using System.Text.Json;
using EnvServer.Agent.Tests.Infrastructure;
using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Environments.Sepsis;
using EnvServer.Tools.Llm;
using static EnvServer.Agent.Tests.Infrastructure.Replies;

namespace EnvServer.Agent.Tests.Cli;

/// <summary>
/// The agent end to end: its command against the embedded environment server over WebSocket and a real loopback
/// chat-completions endpoint with scripted replies.
/// </summary>
public class AgentCommandTests
{
    private const string NoTreatment = "{\"action\":0}";

    [Fact]
    public async Task RunAsync_ValidReplies_LogsEveryStepInTheSeedFormat()
    {
        var run = await AgentRun.StartAsync(Always(Action(NoTreatment)), "--env", "sepsis", "--task", "full_state", "--seed", "3");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("[START] task=full_state env=sepsis model=scripted-model", run.Lines[0]);
        var steps = run.StepLines.Select(AgentRun.ParseStep).ToArray();
        Assert.NotEmpty(steps);
        Assert.Equal(Enumerable.Range(1, steps.Length).Select(i => i.ToString(CultureInfo.InvariantCulture)), steps.Select(s => s.Groups["step"].Value));
        Assert.All(steps, s => Assert.Equal((NoTreatment, "null"), (s.Groups["action"].Value, s.Groups["error"].Value)));
        Assert.All(steps[..^1], s => Assert.Equal("false", s.Groups["done"].Value));
        Assert.Equal("true", steps[^1].Groups["done"].Value);

        var end = run.Lines.Single(l => l.StartsWith("[END]", StringComparison.Ordinal));
        var rewards = string.Join(',', steps.Select(s => s.Groups["reward"].Value));
        Assert.Matches($@"^\[END\] success=(true|false) steps={steps.Length} score=0\.\d{{3}} rewards={rewards.Replace(".", @"\.")}$", end);
        Assert.Equal(steps.Length, run.Transcript.Count);
        Assert.Contains($"| sepsis | full_state | 1 |", run.Output);
        Assert.Contains($"| {steps.Length}/{steps.Length} | 0 | 0 | 0 | 0 |", run.Output);
    }

    [Fact]
    public async Task RunAsync_MalformedJson_AsksAgainShowingTheProblem()
    {
        var run = await AgentRun.StartAsync(Then(Action(NoTreatment), new ScriptedReply.Content("{\"action\": {\"action\": 0")), "--env", "sepsis");

        var first = AgentRun.ParseStep(run.StepLines.First());
        Assert.Equal((NoTreatment, "null"), (first.Groups["action"].Value, first.Groups["error"].Value));
        var correction = run.Requests[1].GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal("{\"action\": {\"action\": 0", correction[^2].GetProperty("content").GetString());
        Assert.Contains("the reply is not valid JSON", correction[^1].GetProperty("content").GetString());
        Assert.Equal([1, 2], run.Transcript.Where(t => t.GetProperty("step").GetInt32() == 1).Select(t => t.GetProperty("attempt").GetInt32()));
        Assert.Contains("| 0 | 1 | 0 | 0 |", run.Output);
    }

    [Fact]
    public async Task RunAsync_InvalidActionEveryTime_FallsBackToTheBaselineAfterTwoCorrections()
    {
        var run = await AgentRun.StartAsync(Then(Action(NoTreatment), Action("{\"action\": 9}"), Action("{\"action\": 9}"), Action("{\"action\": 9}")), "--env", "sepsis");

        var stepOne = run.Transcript.Where(t => t.GetProperty("step").GetInt32() == 1).ToArray();
        Assert.Equal(3, stepOne.Length);
        Assert.All(stepOne, t => Assert.Equal("schema: action: must be at most 7, got 9", t.GetProperty("problem").GetString()));
        Assert.Contains("action: must be at most 7", run.Requests[1].GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString());

        var expected = SepsisBaselinePolicies.TreatAbnormalVitals(ShownObservation(stepOne[0]));
        var first = AgentRun.ParseStep(run.StepLines.First());
        Assert.Equal($"{{\"action\":{expected}}}", first.Groups["action"].Value);
        Assert.StartsWith("sepsis/treat_abnormal_vitals acted: no valid action in 3 replies", first.Groups["error"].Value);
        Assert.Equal("null", AgentRun.ParseStep(run.StepLines.ElementAt(1)).Groups["error"].Value);
        Assert.Matches(@"\| 1 \| 3 \| 0 \| 0 \|$", run.Lines.Last());
    }

    [Fact]
    public async Task RunAsync_RateLimitedOnce_RetriesTheSameRequestAndGoesOn()
    {
        var run = await AgentRun.StartAsync(Then(Action(NoTreatment), new ScriptedReply.Failure(429, RetryAfterSeconds: 0)), "--env", "sepsis");

        Assert.Equal(run.Requests[0].GetRawText(), run.Requests[1].GetRawText());
        Assert.Equal(1, run.Transcript[0].GetProperty("reply").GetProperty("retries").GetInt32());
        Assert.Equal("null", AgentRun.ParseStep(run.StepLines.First()).Groups["error"].Value);
        Assert.Matches(@"\| 0 \| 0 \| 1 \| 0 \|$", run.Lines.Last());
    }

    [Fact]
    public async Task RunAsync_ModelTimesOut_RetriesThenTheBaselineActsAndTheRunGoesOn()
    {
        var stall = new ScriptedReply.Stall(TimeSpan.FromSeconds(5));
        var run = await AgentRun.StartAsync(Then(Action(NoTreatment), stall, stall), "--env", "sepsis", "--llm-timeout", "0.3", "--llm-retries", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(JsonValueKind.Null, run.Transcript[0].GetProperty("reply").ValueKind);
        Assert.StartsWith("model: The model gave no reply after 2 attempts; the last: no reply within", run.Transcript[0].GetProperty("problem").GetString());
        var first = AgentRun.ParseStep(run.StepLines.First());
        Assert.StartsWith("sepsis/treat_abnormal_vitals acted: the model is unavailable", first.Groups["error"].Value);
        Assert.All(run.StepLines.Skip(1).Select(AgentRun.ParseStep), s => Assert.Equal((NoTreatment, "null"), (s.Groups["action"].Value, s.Groups["error"].Value)));
    }

    [Fact]
    public async Task RunAsync_PolypharmacyActionsOutsideTheMask_AreCorrectedBeforeTheyReachTheServer()
    {
        using var environment = new PolypharmacyEnvironment();
        var observation = PolypharmacyBaselines.ToJson(environment.Reset(new ResetOptions { TaskId = "easy_screening", Seed = 0 }).Observation);
        var pair = observation.GetProperty("valid_query_pairs")[0];
        var query = $"{{\"action_type\":\"query_ddi\",\"drug_id_1\":\"{pair[0].GetString()}\",\"drug_id_2\":\"{pair[1].GetString()}\"}}";
        var finish = "{\"action_type\":\"finish_review\"}";
        var finishWithDrug = $"{{\"action_type\":\"finish_review\",\"drug_id_1\":\"{pair[0].GetString()}\"}}";

        var run = await AgentRun.StartAsync(Then(Action(finish), Action(query), Action(query), Action(finishWithDrug)), "--env", "polypharmacy", "--task", "easy_screening");

        var steps = run.StepLines.Select(AgentRun.ParseStep).ToArray();
        Assert.Equal([query, finish], steps.Select(s => s.Groups["action"].Value));
        Assert.Equal(("null", "true"), (steps[1].Groups["error"].Value, steps[1].Groups["done"].Value));
        var problems = run.Transcript.Select(t => t.GetProperty("problem").GetString()).ToArray();
        Assert.Null(problems[0]);
        Assert.StartsWith($"action_mask: query_ddi of {pair[0].GetString()} and {pair[1].GetString()} is not valid now", problems[1]);
        Assert.StartsWith("action_mask: drug_id_1: finish_review does not take drug_id_1", problems[2]);
        Assert.Null(problems[3]);
    }

    [Fact]
    public async Task RunAsync_ToolCalling_OffersTakeActionAndAnswersAWrongToolWithAToolMessage()
    {
        var run = await AgentRun.StartAsync(
            Then(new ScriptedReply.ToolCall("take_action", NoTreatment), new ScriptedReply.ToolCall("reset_episode", "{}")), "--env", "sepsis", "--tools");

        var function = run.Requests[0].GetProperty("tools")[0].GetProperty("function");
        Assert.Equal("take_action", function.GetProperty("name").GetString());
        Assert.True(function.GetProperty("parameters").GetProperty("properties").TryGetProperty("action", out _));
        var answer = run.Requests[1].GetProperty("messages").EnumerateArray().Last();
        Assert.Equal(("tool", "call_1"), (answer.GetProperty("role").GetString(), answer.GetProperty("tool_call_id").GetString()));
        Assert.Contains("the only tool is 'take_action'", answer.GetProperty("content").GetString());
        Assert.All(run.StepLines.Select(AgentRun.ParseStep), s => Assert.Equal((NoTreatment, "null"), (s.Groups["action"].Value, s.Groups["error"].Value)));
    }

    [Fact]
    public async Task RunAsync_AllTasksConcurrently_KeepsEachEpisodesLinesTogetherAndTablesEveryTask()
    {
        string[] args = ["--env", "sepsis", "--all-tasks", "--episodes", "2", "--concurrency", "3"];
        var run = await AgentRun.StartAsync(Always(Action(NoTreatment)), args);
        var again = await AgentRun.StartAsync(Always(Action(NoTreatment)), args);

        var blocks = Blocks(run.Lines);
        Assert.Equal(6, blocks.Count);
        Assert.All(blocks, b => Assert.StartsWith("[END]", b[^1]));
        foreach (var task in new[] { "full_state", "observed_state", "noisy_monitoring" })
        {
            Assert.Equal(2, blocks.Count(b => b[0] == $"[START] task={task} env=sepsis model=scripted-model"));
            Assert.Contains($"| sepsis | {task} | 2 |", run.Output);
        }

        Assert.Equal(
            new[] { "seed=0", "seed=1" }.SelectMany(s => new[] { "full_state", "observed_state", "noisy_monitoring" }.Select(t => $"sepsis/{t}/{s}")).Order(),
            run.Transcript.Select(t => t.GetProperty("episode").GetString()).Distinct().Order());
        Assert.Equal(Blocks(run.Lines).Select(b => string.Join('\n', b)).Order(), Blocks(again.Lines).Select(b => string.Join('\n', b)).Order());
    }

    [Fact]
    public async Task RunAsync_NoApiKey_PlaysTheBaselineAndSaysModelNone()
    {
        var run = await AgentRun.StartAsync(null, "--env", "drug-dose", "--task", "fixed_patient");

        Assert.Equal("[START] task=fixed_patient env=drug-dose model=none", run.Lines[0]);
        var steps = run.StepLines.Select(AgentRun.ParseStep).ToArray();
        Assert.Equal(100, steps.Length);
        Assert.Equal("{\"dose\":2.5}", steps[0].Groups["action"].Value);
        Assert.All(steps, s => Assert.Equal("null", s.Groups["error"].Value));
        Assert.Empty(run.Transcript);
        Assert.Contains("| 0/100 | 0 | 0 | 0 | 0 |", run.Output);
    }

    /// <summary>The observation object of the prompt of a transcript entry.</summary>
    private static JsonElement ShownObservation(JsonElement entry)
    {
        var prompt = entry.GetProperty("messages")[1].GetProperty("content").GetString()!;
        var start = prompt.IndexOf("```json\n", StringComparison.Ordinal) + 8;
        return JsonElement.Parse(prompt[start..prompt.IndexOf("\n```", start, StringComparison.Ordinal)]);
    }

    /// <summary>The structured lines cut into [START]…[END] blocks, checking that no block opens inside another.</summary>
    private static List<string[]> Blocks(IEnumerable<string> lines)
    {
        var blocks = new List<string[]>();
        List<string>? open = null;
        foreach (var line in lines.Where(l => l.StartsWith('[')))
        {
            if (line.StartsWith("[START]", StringComparison.Ordinal))
            {
                Assert.Null(open);
                open = [line];
                continue;
            }

            Assert.NotNull(open);
            open.Add(line);
            if (!line.StartsWith("[END]", StringComparison.Ordinal)) continue;
            blocks.Add([.. open]);
            open = null;
        }

        return blocks;
    }
}
