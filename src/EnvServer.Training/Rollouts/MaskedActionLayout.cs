using System.Text.Json;

namespace EnvServer.Training.Rollouts;

/// <summary>
/// A discrete action space over a structured action, indexed as the observation's <c>action_mask</c> is
/// (polypharmacy's layout): index 0 is <c>finish_review</c>; then one <c>query_ddi</c> per unordered slot pair
/// (i, j), i &lt; j, row-major; then one <c>propose_intervention</c> per slot s and intervention type t at
/// first + T·s + t. The counts come from the environment, not from this code: the intervention types and their
/// order from the action schema's <c>intervention_type</c> enum, the slot count from the mask's length
/// (1 + S(S−1)/2 + T·S), and the drug in a slot from the observation's <c>current_medications</c>.
/// A substitute also needs a replacement drug, which the mask does not index: the decoder takes the
/// observation's listed substitute with the fewest warnings (high_risk_elderly, then Beers flags), the first
/// listed on ties, so the policy decides whether to substitute and the observation's own flags decide with what.
/// </summary>
internal sealed record MaskedActionLayout(int Slots, IReadOnlyList<string> InterventionTypes)
{
    /// <summary>The observation field with one 0/1 flag per action index.</summary>
    public const string MaskField = "action_mask";

    private const string Substitute = "substitute";

    public int PairCount => Slots * (Slots - 1) / 2;

    public int FirstInterventionIndex => 1 + PairCount;

    public int Size => FirstInterventionIndex + InterventionTypes.Count * Slots;

    /// <summary>The layout of an environment: its action schema (GET /schema's <c>action</c>) and the length of its mask.</summary>
    public static MaskedActionLayout FromSchema(JsonElement actionSchema, int maskLength)
    {
        var properties = actionSchema.GetProperty("properties");
        foreach (var field in new[] { "action_type", "drug_id_1", "drug_id_2", "target_drug_id", "intervention_type", "proposed_new_drug_id" })
        {
            if (!properties.TryGetProperty(field, out _)) throw new NotSupportedException($"A masked action needs the field '{field}'; this action schema has none.");
        }

        var types = Enum(properties.GetProperty("intervention_type"));
        if (types.Length == 0) throw new NotSupportedException("The action schema's intervention_type lists no values.");
        for (var slots = 2; 1 + slots * (slots - 1) / 2 + types.Length * slots <= maskLength; slots++)
        {
            if (1 + slots * (slots - 1) / 2 + types.Length * slots == maskLength) return new MaskedActionLayout(slots, types);
        }

        throw new NotSupportedException($"An action mask of {maskLength} flags is not 1 + S(S−1)/2 + {types.Length}·S for any slot count S.");
    }

    /// <summary>Reads the observation's mask; true = valid now.</summary>
    public void ReadMask(JsonElement observation, Span<bool> mask)
    {
        var flags = observation.GetProperty(MaskField);
        if (flags.GetArrayLength() != Size) throw new InvalidDataException($"{MaskField} has {flags.GetArrayLength()} flags; the layout has {Size}.");
        var k = 0;
        foreach (var flag in flags.EnumerateArray()) mask[k++] = flag.GetDouble() > 0.5;
    }

    /// <summary>What an index means: the action type, the slots it uses (−1 when none) and the intervention type.</summary>
    public (string ActionType, int SlotA, int SlotB, string? InterventionType) Decode(int index)
    {
        if (index == 0) return ("finish_review", -1, -1, null);
        if (index >= FirstInterventionIndex && index < Size)
        {
            var offset = index - FirstInterventionIndex;
            return ("propose_intervention", offset / InterventionTypes.Count, -1, InterventionTypes[offset % InterventionTypes.Count]);
        }

        if (index < 0 || index >= Size) throw new ArgumentOutOfRangeException(nameof(index), index, $"Action indices are 0..{Size - 1}.");
        var pair = index - 1;
        for (var i = 0; ; i++)
        {
            var row = Slots - i - 1;
            if (pair < row) return ("query_ddi", i, i + 1 + pair, null);
            pair -= row;
        }
    }

    /// <summary>The wire action of an index in the state the observation shows.</summary>
    public Dictionary<string, object?> ToAction(int index, JsonElement observation)
    {
        var (type, slotA, slotB, intervention) = Decode(index);
        var action = new Dictionary<string, object?> { ["action_type"] = type };
        if (type == "finish_review") return action;

        var medications = observation.GetProperty("current_medications").EnumerateArray().ToDictionary(m => m.GetProperty("slot").GetInt32());
        JsonElement At(int slot) => medications.TryGetValue(slot, out var medication)
            ? medication
            : throw new InvalidOperationException($"Action {index} ({type}) uses slot {slot}, which holds no drug now.");
        if (type == "query_ddi")
        {
            action["drug_id_1"] = At(slotA).GetProperty("drug_id").GetString();
            action["drug_id_2"] = At(slotB).GetProperty("drug_id").GetString();
            return action;
        }

        var target = At(slotA);
        action["target_drug_id"] = target.GetProperty("drug_id").GetString();
        action["intervention_type"] = intervention;
        if (intervention == Substitute) action["proposed_new_drug_id"] = LeastFlaggedSubstitute(target, index);
        return action;
    }

    private static string LeastFlaggedSubstitute(JsonElement medication, int index)
    {
        var substitutes = medication.GetProperty("substitutes").EnumerateArray()
            .Select(s => (Id: s.GetProperty("drug_id").GetString()!, HighRisk: s.GetProperty("high_risk_elderly").GetBoolean(), Beers: s.GetProperty("beers_flags").GetArrayLength()))
            .ToArray();
        if (substitutes.Length == 0) throw new InvalidOperationException($"Action {index} substitutes a drug the observation lists no substitutes for.");
        return substitutes.OrderBy(s => s.HighRisk).ThenBy(s => s.Beers).First().Id;
    }

    private static string[] Enum(JsonElement property)
    {
        if (property.TryGetProperty("enum", out var values)) return values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray();
        if (property.TryGetProperty("anyOf", out var options))
        {
            return options.EnumerateArray().SelectMany(o => o.TryGetProperty("enum", out var e) ? e.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray();
        }

        return [];
    }
}
