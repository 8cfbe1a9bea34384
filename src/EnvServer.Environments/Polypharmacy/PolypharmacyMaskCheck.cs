using System.Text.Json;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// Whether a schema-valid polypharmacy action can be taken now: first the environment's own argument rules
/// (<see cref="PolypharmacyEnvironment.CheckAction"/>), then the observation's <c>action_mask</c> at the action's
/// index in the <see cref="ActionMask"/> layout (slots from <c>current_medications</c>), and for a substitute that
/// the new drug is one of the slot's <c>substitutes</c>. The messages list what is valid, so the model can correct itself.
/// polypharmacy's <see cref="Core.EnvironmentSpec.ActionCheck"/>.
/// </summary>
internal static class PolypharmacyMaskCheck
{
    private const int MaxListedPairs = 10;

    public static string? Check(JsonElement observation, JsonElement action)
    {
        if (PolypharmacyEnvironment.CheckAction(action) is { } malformed) return Problem($"{malformed.Field}: {malformed.Message}");

        var mask = observation.GetProperty("action_mask");
        var medications = observation.GetProperty("current_medications").EnumerateArray().ToArray();
        int? SlotOf(string id) => medications.Where(m => m.GetProperty("drug_id").GetString() == id).Select(m => (int?)m.GetProperty("slot").GetInt32()).FirstOrDefault();
        bool Valid(int index) => mask[index].GetDouble() > 0;
        string Taken() => string.Join(", ", medications.Select(m => m.GetProperty("drug_id").GetString()));

        var type = action.GetProperty("action_type").GetString();
        if (type == PolypharmacyVocabulary.FinishReview) return Valid(ActionMask.FinishIndex) ? null : Problem("finish_review is not valid now: the episode is over.");

        if (type == PolypharmacyVocabulary.QueryDdi)
        {
            var (a, b) = (Text(action, "drug_id_1"), Text(action, "drug_id_2"));
            if (SlotOf(a) is not { } slotA) return Problem($"drug_id_1: '{a}' is not in the current regimen ({Taken()}).");
            if (SlotOf(b) is not { } slotB) return Problem($"drug_id_2: '{b}' is not in the current regimen ({Taken()}).");
            if (Valid(ActionMask.QueryIndex(slotA, slotB))) return null;
            var pairs = observation.GetProperty("valid_query_pairs").EnumerateArray().Take(MaxListedPairs).Select(p => $"[{p[0].GetString()}, {p[1].GetString()}]").ToArray();
            return Problem($"query_ddi of {a} and {b} is not valid now (already queried, or no query budget left); valid pairs include: {(pairs.Length == 0 ? "none" : string.Join(", ", pairs))}.");
        }

        var target = Text(action, "target_drug_id");
        var intervention = Text(action, "intervention_type");
        if (SlotOf(target) is not { } slot) return Problem($"target_drug_id: '{target}' is not in the current regimen ({Taken()}).");
        var medication = medications.First(m => m.GetProperty("slot").GetInt32() == slot);
        if (!Valid(ActionMask.InterventionIndex(slot, intervention)))
        {
            var valid = medication.GetProperty("valid_interventions").EnumerateArray().Select(v => v.GetString()).ToArray();
            return Problem($"intervention_type: {intervention} of {target} is not valid now; valid for {target}: {(valid.Length == 0 ? "none" : string.Join(", ", valid))}.");
        }

        if (intervention != PolypharmacyVocabulary.Substitute) return null;
        var proposed = Text(action, "proposed_new_drug_id");
        var substitutes = medication.GetProperty("substitutes").EnumerateArray().Select(s => s.GetProperty("drug_id").GetString()).ToArray();
        return substitutes.Contains(proposed)
            ? null
            : Problem($"proposed_new_drug_id: '{proposed}' is not a substitute for {target}; choose one of {string.Join(", ", substitutes)}.");
    }

    private static string Text(JsonElement action, string name) => action.GetProperty(name).GetString()!;

    private static string Problem(string message) => message;
}
