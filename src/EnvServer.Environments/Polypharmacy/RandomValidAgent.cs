using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// Baseline: an action drawn uniformly among those the observation's <c>action_mask</c> marks valid (finish_review
/// included), with a uniformly drawn substitute for substitute; never invalid, never informed.
/// </summary>
public sealed class RandomValidAgent(long seed) : IPolypharmacyAgent
{
    private readonly SeededRandom _random = new(seed);

    public PolypharmacyAction Act(JsonElement observation)
    {
        var mask = observation.GetProperty("action_mask").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var valid = Enumerable.Range(0, mask.Length).Where(i => mask[i] > 0.5).ToArray();
        if (valid.Length == 0) return PolypharmacyAction.Finish();

        var (type, slotA, slotB, intervention) = ActionMask.Decode(valid[_random.NextInt(valid.Length)]);
        var medications = observation.GetProperty("current_medications").EnumerateArray().ToDictionary(m => m.GetProperty("slot").GetInt32());
        string DrugAt(int slot) => medications[slot].GetProperty("drug_id").GetString()!;

        switch (type)
        {
            case PolypharmacyVocabulary.QueryDdi:
                return PolypharmacyAction.Query(DrugAt(slotA), DrugAt(slotB));
            case PolypharmacyVocabulary.ProposeIntervention when intervention == PolypharmacyVocabulary.Substitute:
                var substitutes = medications[slotA].GetProperty("substitutes").EnumerateArray().Select(s => s.GetProperty("drug_id").GetString()!).ToArray();
                return PolypharmacyAction.Intervene(DrugAt(slotA), intervention, substitutes[_random.NextInt(substitutes.Length)]);
            case PolypharmacyVocabulary.ProposeIntervention:
                return PolypharmacyAction.Intervene(DrugAt(slotA), intervention!);
            default:
                return PolypharmacyAction.Finish();
        }
    }
}
