using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Environments.Core;

namespace EnvServer.Agent.Core.Guardrails;

/// <summary>A guardrail that fired: which rule, and why the suggestion was replaced.</summary>
public sealed record GuardrailHit(string Rule, string Reason);

/// <summary>
/// The clinical rules of /agent/suggest, applied after the schema and action checks: the environment's own
/// <see cref="EnvironmentSpec.SafetyRules"/> (each environment folder documents its rules), in order, each to the
/// action the previous ones left.
/// </summary>
public static class ClinicalRules
{
    /// <summary>Applies the environment's rules to a schema- and mask-valid action; an environment without rules keeps it.</summary>
    public static (JsonObject Action, IReadOnlyList<GuardrailHit> Hits) Apply(EnvironmentSpec? spec, JsonElement observation, JsonObject action)
    {
        var hits = new List<GuardrailHit>();
        foreach (var rule in spec?.SafetyRules ?? [])
        {
            if (rule.Check(observation, action) is not { } replaced) continue;
            hits.Add(new GuardrailHit(rule.Name, replaced.Reason));
            action = replaced.Action;
        }

        return (action, hits);
    }
}
