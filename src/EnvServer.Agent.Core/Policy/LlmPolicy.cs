using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Agent.Core.Actions;
using EnvServer.Agent.Core.Llm;
using EnvServer.Agent.Core.Prompts;

namespace EnvServer.Agent.Core.Policy;

/// <summary>Tries to take (or accept) an action; null when it was taken, else why it was refused.</summary>
public delegate ValueTask<ActionProblem?> CommitAction(JsonObject action, CancellationToken ct);

/// <summary>
/// One decision per step, top to bottom: prompt the model; parse its reply into an action; check it against the
/// schema and the action mask; hand it to <see cref="CommitAction"/> (the CLI steps the environment there, so the
/// server's own validation counts too). A refused reply is answered with the problem and the model asked again,
/// up to <see cref="PolicyOptions.MaxCorrections"/> times. Then, or when no model is configured or it cannot be
/// reached, the environment's baseline (<see cref="Environments.Core.EnvironmentSpec.Baseline"/>) acts: a run never stops for the model's sake.
/// </summary>
public sealed class LlmPolicy(ChatModel? model, PolicyOptions options, ITranscript? transcript = null)
{
    /// <summary>A commit that accepts every checked action (for suggestions, where nothing is stepped).</summary>
    public static readonly CommitAction Accept = (_, _) => ValueTask.FromResult<ActionProblem?>(null);

    /// <summary>The model's id, or null when the baselines answer alone.</summary>
    public string? Model => model?.Model;

    public async Task<Decision> DecideAsync(DecisionRequest request, CommitAction commit, CancellationToken ct = default)
    {
        if (model is null) return await FallbackAsync(request, commit, [], 0, 0, "no model is configured (HF_TOKEN or OPENAI_API_KEY unset)", ct);

        var checks = new ActionChecks(request.Profile);
        var tool = options.ToolCalling ? request.Profile.Tool : null;
        var actionHasRationale = request.Profile.ActionSchema.TryGetProperty("properties", out var properties) && properties.TryGetProperty("rationale", out _);
        var turns = new List<Turn>
        {
            Turn.System(PromptBuilder.System(request.Profile, request.TaskId, tool is not null)),
            Turn.User(PromptBuilder.User(request.Observation, request.Step, request.RecentSteps)),
        };
        var problems = new List<ActionProblem>();
        var retries = 0;
        for (var attempt = 1; attempt <= options.MaxCorrections + 1; attempt++)
        {
            ModelReply reply;
            try
            {
                reply = await model.CompleteAsync(turns, tool, ct);
            }
            catch (ModelUnavailableException error)
            {
                var unavailable = new ActionProblem(ActionProblem.Model, error.Message);
                transcript?.Record(new TranscriptEntry(request.Episode, request.Step, attempt, turns.ToArray(), null, unavailable.ToString()));
                problems.Add(unavailable);
                return await FallbackAsync(request, commit, problems, attempt, retries + error.Retries, "the model is unavailable", ct);
            }

            retries += reply.Retries;
            var (proposed, problem) = ReplyParser.Parse(reply, tool, actionHasRationale);
            if (proposed is not null)
            {
                problem = checks.Check(request.Observation, JsonSerializer.SerializeToElement(proposed.Action)) ?? await commit(proposed.Action, ct);
            }

            transcript?.Record(new TranscriptEntry(request.Episode, request.Step, attempt, turns.ToArray(), reply, problem?.ToString()));
            if (problem is null)
            {
                return new Decision(proposed!.Action, DecisionSource.Model, proposed.Rationale) { Problems = problems, ModelCalls = attempt, Retries = retries };
            }

            problems.Add(problem);
            turns.Add(Turn.Assistant(reply));
            var correction = PromptBuilder.Correction(problem.Message, tool is not null);
            turns.Add(reply.ToolCall is { } call ? Turn.Tool(call.Id, correction) : Turn.User(correction));
        }

        var calls = options.MaxCorrections + 1;
        return await FallbackAsync(request, commit, problems, calls, retries, $"no valid action in {calls} replies", ct);
    }

    private static async Task<Decision> FallbackAsync(
        DecisionRequest request, CommitAction commit, List<ActionProblem> problems, int calls, int retries, string reason, CancellationToken ct)
    {
        if (request.Profile.Local?.Baseline is not { } baseline)
        {
            var error = new ActionProblem(ActionProblem.Model, $"{reason}, and {request.Profile.Id} has no baseline to fall back on");
            return new Decision([], DecisionSource.Baseline, null) { Problems = problems, ModelCalls = calls, Retries = retries, Error = error };
        }

        var action = baseline.Act(request.Observation);
        return new Decision(action, DecisionSource.Baseline, $"{baseline.Name} acted: {reason}")
        {
            Problems = problems,
            ModelCalls = calls,
            Retries = retries,
            Error = await commit(action, ct),
        };
    }
}
