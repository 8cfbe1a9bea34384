using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// Turns schema-checked JSON into a <see cref="PolypharmacyAction"/> and rejects malformed actions as protocol
/// errors (<see cref="InvalidInputException"/>, 422 / VALIDATION_ERROR naming the field, no step taken):
/// a missing argument the action type needs, a drug or intervention argument it does not take (rationale is
/// accepted with any type), an unknown drug id (also rejected earlier by the schema's enum), or a query of a
/// drug with itself. Whether the action makes sense for this patient now is the episode's business (an
/// in-episode penalty, <see cref="PolypharmacyEpisode"/>).
/// </summary>
internal static class PolypharmacyActionParser
{
    public static PolypharmacyAction Parse(JsonElement json, PolypharmacyCatalog catalog)
    {
        var action = new PolypharmacyAction(
            Text(json, "action_type") ?? throw new InvalidInputException("action_type", "Field required", "missing"),
            Text(json, "drug_id_1"), Text(json, "drug_id_2"), Text(json, "target_drug_id"),
            Text(json, "intervention_type"), Text(json, "proposed_new_drug_id"), Text(json, "rationale"));
        Check(action, catalog);
        return action;
    }

    /// <summary>The same checks for typed actions (in-process agents), so both paths reject the same actions.</summary>
    public static void Check(PolypharmacyAction action, PolypharmacyCatalog catalog)
    {
        switch (action.ActionType)
        {
            case PolypharmacyVocabulary.QueryDdi:
                Require("drug_id_1", action.DrugId1, catalog);
                Require("drug_id_2", action.DrugId2, catalog);
                if (action.DrugId1 == action.DrugId2) throw new InvalidInputException("drug_id_2", "query_ddi needs two different drugs.");
                Forbid(action, "target_drug_id", "intervention_type", "proposed_new_drug_id");
                break;
            case PolypharmacyVocabulary.ProposeIntervention:
                Require("target_drug_id", action.TargetDrugId, catalog);
                if (action.InterventionType is null) throw new InvalidInputException("intervention_type", "propose_intervention needs intervention_type.", "missing");
                if (!PolypharmacyVocabulary.InterventionTypes.Contains(action.InterventionType))
                {
                    throw new InvalidInputException("intervention_type", $"Input should be one of {string.Join(", ", PolypharmacyVocabulary.InterventionTypes)}.", "literal_error");
                }

                if (action.InterventionType == PolypharmacyVocabulary.Substitute) Require("proposed_new_drug_id", action.ProposedNewDrugId, catalog);
                else Forbid(action, "proposed_new_drug_id");
                Forbid(action, "drug_id_1", "drug_id_2");
                break;
            case PolypharmacyVocabulary.FinishReview:
                Forbid(action, "drug_id_1", "drug_id_2", "target_drug_id", "intervention_type", "proposed_new_drug_id");
                break;
            default:
                throw new InvalidInputException("action_type", $"Input should be one of {string.Join(", ", PolypharmacyVocabulary.ActionTypes)}.", "literal_error");
        }
    }

    private static void Require(string field, string? drugId, PolypharmacyCatalog catalog)
    {
        if (drugId is null) throw new InvalidInputException(field, $"This action needs {field}.", "missing");
        if (catalog.FindDrug(drugId) is null) throw new InvalidInputException(field, $"Unknown drug '{drugId}': not in drug_metadata.csv.");
    }

    private static void Forbid(PolypharmacyAction action, params string[] fields)
    {
        foreach (var field in fields)
        {
            var value = field switch
            {
                "drug_id_1" => action.DrugId1,
                "drug_id_2" => action.DrugId2,
                "target_drug_id" => action.TargetDrugId,
                "intervention_type" => action.InterventionType,
                "proposed_new_drug_id" => action.ProposedNewDrugId,
                _ => action.Rationale,
            };
            if (value is not null)
            {
                var what = action.ActionType == PolypharmacyVocabulary.ProposeIntervention ? $"{action.ActionType} with {action.InterventionType}" : action.ActionType;
                throw new InvalidInputException(field, $"{what} does not take {field}; send null or leave it out.");
            }
        }
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
