using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// One action, flat as on the wire: <c>action_type</c> plus the arguments that type uses (others null).
/// Build with <see cref="Query"/>, <see cref="Intervene"/> and <see cref="Finish"/>.
/// </summary>
public sealed record PolypharmacyAction(
    string ActionType,
    string? DrugId1 = null,
    string? DrugId2 = null,
    string? TargetDrugId = null,
    string? InterventionType = null,
    string? ProposedNewDrugId = null,
    string? Rationale = null) : IJsonFields
{
    public static PolypharmacyAction Query(string drugId1, string drugId2) => new(PolypharmacyVocabulary.QueryDdi, drugId1, drugId2);

    public static PolypharmacyAction Intervene(string targetDrugId, string interventionType, string? proposedNewDrugId = null, string? rationale = null) =>
        new(PolypharmacyVocabulary.ProposeIntervention, TargetDrugId: targetDrugId, InterventionType: interventionType,
            ProposedNewDrugId: proposedNewDrugId, Rationale: rationale);

    public static PolypharmacyAction Finish() => new(PolypharmacyVocabulary.FinishReview);

    /// <summary>The wire form: action_type and the non-null arguments.</summary>
    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("action_type", ActionType);
        if (DrugId1 is not null) writer.WriteString("drug_id_1", DrugId1);
        if (DrugId2 is not null) writer.WriteString("drug_id_2", DrugId2);
        if (TargetDrugId is not null) writer.WriteString("target_drug_id", TargetDrugId);
        if (InterventionType is not null) writer.WriteString("intervention_type", InterventionType);
        if (ProposedNewDrugId is not null) writer.WriteString("proposed_new_drug_id", ProposedNewDrugId);
        if (Rationale is not null) writer.WriteString("rationale", Rationale);
    }

    /// <summary>The wire form as a JSON text, e.g. <c>{"action_type":"query_ddi","drug_id_1":"warfarin","drug_id_2":"naproxen"}</c>.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            WriteFields(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public override string ToString() => ToJson();
}
