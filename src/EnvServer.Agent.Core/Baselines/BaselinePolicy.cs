using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Environments.DrugDose;
using EnvServer.Environments.Hiv;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Environments.Sepsis;

namespace EnvServer.Agent.Core.Baselines;

/// <summary>
/// The documented fallback of each environment, from the wire observation to a wire action: the action taken when
/// the model gives no valid action (or none is configured), and the answer of /agent/suggest without an API key.
/// All live in the Environments library: drug-dose <see cref="DrugDoseBaselinePolicies.RefillToMidWindow(JsonElement)"/>,
/// hiv <see cref="HivBaselinePolicies.ClinicalRule(JsonElement)"/>, sepsis
/// <see cref="SepsisBaselinePolicies.TreatAbnormalVitals"/>, polypharmacy <see cref="HeuristicAgent"/>.
/// </summary>
/// <param name="Name">How logs and replies name it, e.g. <c>hiv/clinical_rule</c>.</param>
/// <param name="Act">Observation → action.</param>
internal sealed record BaselinePolicy(string Name, Func<JsonElement, JsonObject> Act)
{
    private static readonly Dictionary<string, BaselinePolicy> ByEnvironment = new(StringComparer.Ordinal)
    {
        ["drug-dose"] = new("drug-dose/refill_to_mid_window", o => new JsonObject { ["dose"] = DrugDoseBaselinePolicies.RefillToMidWindow(o) }),
        ["hiv"] = new("hiv/clinical_rule", o => new JsonObject { ["action"] = HivBaselinePolicies.ClinicalRule(o) }),
        ["sepsis"] = new("sepsis/treat_abnormal_vitals", o => new JsonObject { ["action"] = SepsisBaselinePolicies.TreatAbnormalVitals(o) }),
        ["polypharmacy"] = new("polypharmacy/heuristic", o => JsonNode.Parse(new HeuristicAgent().Act(o).ToJson())!.AsObject()),
    };

    /// <summary>The baseline of an environment id, or null for an environment this project does not ship.</summary>
    public static BaselinePolicy? For(string environmentId) => ByEnvironment.GetValueOrDefault(environmentId);
}
