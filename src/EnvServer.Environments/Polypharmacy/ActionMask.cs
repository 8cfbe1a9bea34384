namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// The fixed discrete layout of the observation's <c>action_mask</c> (1.0 = valid now, 0.0 = invalid), so
/// learners can mask logits over 166 actions (the seed's REINFORCE layout): index 0 is finish_review;
/// 1–105 are query_ddi of medication slots (i, j), i &lt; j, in the order (0,1), (0,2), …, (0,14), (1,2), …, (13,14);
/// 106–165 are propose_intervention on slot s with type t ∈ [stop, dose_reduce, substitute, add_monitoring]
/// at 106 + 4·s + t. Slots are the patient's prescriptions in order; a stopped slot is empty, a substituted
/// slot holds the new drug. A substitute also needs <c>proposed_new_drug_id</c>: one of the slot's
/// <c>substitutes</c> in the observation.
/// </summary>
public static class ActionMask
{
    /// <summary>Largest regimen (complex_tradeoff's 15 drugs).</summary>
    public const int MaxSlots = 15;

    public const int FinishIndex = 0;

    public const int FirstQueryIndex = 1;

    public const int PairCount = MaxSlots * (MaxSlots - 1) / 2;

    public const int FirstInterventionIndex = FirstQueryIndex + PairCount;

    public const int Size = FirstInterventionIndex + 4 * MaxSlots;

    public static int QueryIndex(int slotA, int slotB)
    {
        var (i, j) = slotA < slotB ? (slotA, slotB) : (slotB, slotA);
        if (i < 0 || j >= MaxSlots || i == j) throw new ArgumentOutOfRangeException(nameof(slotB));
        return FirstQueryIndex + i * (2 * MaxSlots - i - 1) / 2 + (j - i - 1);
    }

    public static int InterventionIndex(int slot, string interventionType)
    {
        var type = IndexOfType(interventionType);
        if (slot < 0 || slot >= MaxSlots || type < 0) throw new ArgumentOutOfRangeException(nameof(slot));
        return FirstInterventionIndex + 4 * slot + type;
    }

    /// <summary>What an index means: ("finish_review", -1, -1, null), ("query_ddi", i, j, null) or ("propose_intervention", s, -1, type).</summary>
    public static (string ActionType, int SlotA, int SlotB, string? InterventionType) Decode(int index)
    {
        if (index == FinishIndex) return (PolypharmacyVocabulary.FinishReview, -1, -1, null);
        if (index >= FirstInterventionIndex && index < Size)
        {
            var offset = index - FirstInterventionIndex;
            return (PolypharmacyVocabulary.ProposeIntervention, offset / 4, -1, PolypharmacyVocabulary.InterventionTypes[offset % 4]);
        }

        if (index < FirstQueryIndex || index >= Size) throw new ArgumentOutOfRangeException(nameof(index));
        var pair = index - FirstQueryIndex;
        for (var i = 0; i < MaxSlots; i++)
        {
            var row = MaxSlots - i - 1;
            if (pair < row) return (PolypharmacyVocabulary.QueryDdi, i, i + 1 + pair, null);
            pair -= row;
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    private static int IndexOfType(string interventionType)
    {
        for (var t = 0; t < PolypharmacyVocabulary.InterventionTypes.Count; t++)
        {
            if (PolypharmacyVocabulary.InterventionTypes[t] == interventionType) return t;
        }

        return -1;
    }
}
