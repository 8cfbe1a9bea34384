using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using EnvServer.Agent.Cli;
using EnvServer.Agent.Core;
using EnvServer.Agent.Core.Actions;
using EnvServer.Agent.Core.Policy;
using EnvServer.Client;

namespace EnvServer.Agent.Runs;

/// <summary>
/// Plays one episode on its own WebSocket session: reset with the seed and task, then one decision of the
/// <see cref="LlmPolicy"/> per step, the policy's commit being the step itself so that the server's validation
/// errors reach the model as corrections. Logs [START], a [STEP] per step and [END]. A step's error field carries
/// why the baseline acted (when the model was tried), else the environment's <c>last_action_error</c>. The episode
/// stops early only when the server or the connection fails; the run goes on.
/// </summary>
internal sealed class EpisodeRunner(LlmPolicy policy, AgentOptions options, EnvSessionOptions sessionOptions)
{
    public async Task<EpisodeResult> PlayAsync(HostedEnvironment environment, string task, int seed, EpisodeLog log, CancellationToken ct)
    {
        var id = environment.Profile.Id;
        var episode = $"{id}/{task}/seed={seed}";
        var rewards = new List<double>();
        var recent = new List<string>();
        int modelActions = 0, corrections = 0, retries = 0, fallbacks = 0;
        string? error = null;
        StepResult? result = null;
        log.Start(task, id, policy.Model ?? "none");
        try
        {
            await using var session = await EnvSession.ConnectAsync(environment.BaseUrl, sessionOptions, ct);
            result = await session.ResetAsync(new { seed, task_id = task }, ct);
            while (!result.Done)
            {
                var step = rewards.Count + 1;
                StepResult? stepped = null;
                CommitAction commit = async (action, token) =>
                {
                    try
                    {
                        stepped = await session.StepAsync(action, token);
                        return null;
                    }
                    catch (EnvServerException refused) when (refused.Code == EnvServerErrorCodes.ValidationError)
                    {
                        return new ActionProblem(ActionProblem.Server, Describe(refused));
                    }
                };

                var request = new DecisionRequest(environment.Profile, task, result.Observation, step, recent.ToArray(), episode);
                var decision = await policy.DecideAsync(request, commit, ct);
                var action = decision.Action.ToJsonString(AgentJson.Compact);
                corrections += decision.Problems.Count(p => p.Check != ActionProblem.Model);
                retries += decision.Retries;
                if (stepped is null)
                {
                    error = decision.Error?.ToString() ?? "the step was not taken";
                    log.Step(step, action, 0.0, true, error);
                    break;
                }

                result = stepped;
                var reward = result.Reward ?? 0.0;
                rewards.Add(reward);
                var triedModel = decision.Source == DecisionSource.Baseline && decision.Problems.Count > 0;
                if (decision.Source == DecisionSource.Model) modelActions++;
                if (triedModel) fallbacks++;
                var stepError = triedModel ? $"{decision.Rationale} ({decision.Problems[^1]})" : result.GetString("observation.last_action_error");
                log.Step(step, action, reward, result.Done, stepError);
                recent.Add($"step {step}: action {action} -> reward {reward.ToString("0.###", CultureInfo.InvariantCulture)}" + (stepError is null ? "" : $" (error: {stepError})"));
                if (recent.Count > options.History) recent.RemoveAt(0);
            }
        }
        catch (Exception failure) when (failure is EnvServerException or WebSocketException or TimeoutException or InvalidDataException or IOException)
        {
            error = failure.Message;
            log.Step(rewards.Count + 1, "null", 0.0, true, error);
        }

        var score = error is null ? result?.GetDouble("metadata.grader_score") ?? 0.0 : 0.0;
        log.End(error is null && score >= options.SuccessScore, rewards.Count, score, rewards);
        return new EpisodeResult(id, task, seed, score, rewards.Sum(), rewards.Count, modelActions, corrections, retries, fallbacks, error);
    }

    /// <summary>The server's validation errors as "field: message; ...".</summary>
    private static string Describe(EnvServerException refused)
    {
        if (refused.Errors.ValueKind != JsonValueKind.Array) return refused.ServerMessage;
        return string.Join("; ", refused.Errors.EnumerateArray().Select(e =>
        {
            var field = e.TryGetProperty("loc", out var loc) ? string.Join('.', loc.EnumerateArray().Select(l => l.ToString())) : "";
            var message = e.TryGetProperty("msg", out var msg) ? msg.GetString() : refused.ServerMessage;
            return field.Length == 0 ? message : $"{field}: {message}";
        }));
    }
}
