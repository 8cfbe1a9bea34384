using System.Text.Json;
using EnvServer.Agent.Core;
using EnvServer.Agent.Core.Actions;
using EnvServer.Agent.Core.Guardrails;
using EnvServer.Agent.Core.Llm;
using EnvServer.Agent.Core.Policy;
using EnvServer.Api.Protocol;
using EnvServer.Api.Validation;
using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Environments.Schema;

namespace EnvServer.Api.Agents;

/// <summary>
/// The next action for an observation someone is looking at (POST /agent/suggest): the configured model's, asked
/// once, then the guardrails. A reply that breaks the action schema or the action mask is overridden by the
/// environment's heuristic at once (no corrections: a person is waiting), and the clinical rules of
/// <see cref="ClinicalRules"/> then apply to whichever action stands. Without an API key the heuristic answers
/// and the reply says so.
/// </summary>
internal sealed class ActionSuggester
{
    private readonly LlmPolicy _policy;
    private readonly Dictionary<string, EnvironmentProfile> _profiles;
    private readonly Dictionary<string, JsonObjectValidator> _observations;

    public ActionSuggester(EnvironmentCatalog catalog, LlmOptions llm)
    {
        _policy = new LlmPolicy(llm.HasApiKey ? new ChatModel(llm) : null, new PolicyOptions { MaxCorrections = 0 });
        _profiles = catalog.All.ToDictionary(e => e.Id, e => new EnvironmentProfile(
            e.Id, e.Spec.Name, e.Spec.Description, JsonSerializer.SerializeToElement(e.SchemaDocument["action"]))
        {
            Tasks = e.Spec.Tasks.ToDictionary(t => t.Id, t => t.Description),
        });
        _observations = catalog.All.ToDictionary(e => e.Id, e => new JsonObjectValidator(StandardSchemas.Observation(e.Spec)));
    }

    /// <summary>Checks of nested fields the baselines and guardrails read, beyond the schema's top-level ones.</summary>
    private static readonly Dictionary<string, Action<JsonElement>> NestedChecks = new(StringComparer.Ordinal)
    {
        ["polypharmacy"] = PolypharmacyObservationCheck.Ensure,
    };

    /// <summary>
    /// Problems of the observation as a <paramref name="served"/> observation (empty when it is one); when there are
    /// none, <paramref name="accepted"/> is the observation as the readers must see it (lax-mode conversions applied).
    /// </summary>
    public IReadOnlyList<ValidationIssue> CheckObservation(ServedEnvironment served, JsonElement observation, out JsonElement accepted)
    {
        var issues = _observations[served.Id].Check(observation, out accepted);
        if (issues.Count > 0 || !NestedChecks.TryGetValue(served.Id, out var nested)) return issues;
        try
        {
            nested(accepted);
            return [];
        }
        catch (InvalidInputException invalid)
        {
            return [new ValidationIssue(invalid.ErrorType, invalid.Field.Split('.'), invalid.Message)];
        }
    }

    /// <exception cref="KeyNotFoundException">The observation passed its schema but lacks a nested field the heuristic or a rule reads.</exception>
    /// <exception cref="InvalidOperationException">A nested field has the wrong JSON type.</exception>
    public async Task<SuggestResponse> SuggestAsync(ServedEnvironment served, string taskId, JsonElement observation, CancellationToken ct)
    {
        var request = new DecisionRequest(_profiles[served.Id], taskId, observation, 0, [], "suggest");
        var decision = await _policy.DecideAsync(request, LlmPolicy.Accept, ct);
        var hits = new List<GuardrailHit>();
        string? note = null;
        if (_policy.Model is null)
        {
            note = "No API key is configured (HF_TOKEN or OPENAI_API_KEY): the suggestion is the heuristic baseline's.";
        }
        else if (decision.Problems.LastOrDefault() is { Check: ActionProblem.Model } unavailable)
        {
            note = $"The model could not be reached ({unavailable.Message}): the suggestion is the heuristic baseline's.";
        }
        else
        {
            hits.AddRange(decision.Problems.Select(p => new GuardrailHit(p.Check, $"{p.Message.TrimEnd('.')}; the heuristic's action instead")));
        }

        var (action, clinical) = ClinicalRules.Apply(served.Id, observation, decision.Action);
        hits.AddRange(clinical);
        return new SuggestResponse(
            served.Id, taskId, action, decision.Source == DecisionSource.Model ? "model" : "heuristic", _policy.Model,
            decision.Rationale, hits.Count > 0, hits, note);
    }
}

/// <summary>The reply of POST /agent/suggest.</summary>
/// <param name="EnvId">Environment the observation belongs to.</param>
/// <param name="TaskId">Task it was judged under.</param>
/// <param name="Action">The suggested action, after the guardrails.</param>
/// <param name="Source">"model" when the model's reply was used (possibly then adjusted by a clinical rule), else "heuristic".</param>
/// <param name="Model">The configured model, or null.</param>
/// <param name="Rationale">The model's reason, or which baseline acted and why.</param>
/// <param name="Overridden">Whether a guardrail replaced what the model or baseline proposed.</param>
/// <param name="Guardrails">The guardrails that fired, in order.</param>
/// <param name="Note">Why no model answered, when none did.</param>
internal sealed record SuggestResponse(
    string EnvId, string TaskId, System.Text.Json.Nodes.JsonObject Action, string Source, string? Model, string? Rationale,
    bool Overridden, IReadOnlyList<GuardrailHit> Guardrails, string? Note);
