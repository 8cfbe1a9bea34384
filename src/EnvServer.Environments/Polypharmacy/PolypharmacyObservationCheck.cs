using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// The nested parts of a polypharmacy observation that the baseline and the agent's guardrails read, checked before
/// they read them: the schema checks only top-level fields, so an observation from outside (POST /agent/suggest)
/// with, say, a one-entry item in valid_query_pairs must be refused naming that item, not crash a reader.
/// An observation the environment wrote always passes.
/// </summary>
public static class PolypharmacyObservationCheck
{
    /// <summary>Throws <see cref="InvalidInputException"/> whose Field is the dotted path of the first bad value.</summary>
    public static void Ensure(JsonElement observation)
    {
        var drugs = new HashSet<string>(StringComparer.Ordinal);
        var medications = Array(observation, "current_medications");
        for (var i = 0; i < medications.Length; i++)
        {
            var path = $"current_medications.{i}";
            var m = Object(medications[i], path);
            var slot = Integer(m, "slot", path);
            if (slot is < 0 or >= ActionMask.MaxSlots) throw Invalid($"{path}.slot", $"Input should be between 0 and {ActionMask.MaxSlots - 1}");
            drugs.Add(Text(m, "drug_id", path));
            Flag(m, "high_risk_elderly", path);
            Flag(m, "critical", path);
            Flag(m, "dose_reduced", path);
            Flag(m, "monitored", path);
            ForEach(m, "beers_flags", path, (flag, at) => Text(Object(flag, at), "criterion", at));
            ForEach(m, "valid_interventions", path, (type, at) => TextValue(type, at));
            ForEach(m, "substitutes", path, (substitute, at) =>
            {
                var s = Object(substitute, at);
                Text(s, "drug_id", at);
                Flag(s, "high_risk_elderly", at);
                Array(s, "beers_flags", at);
            });
        }

        ForEach(observation, "interaction_queries", "", (query, at) =>
        {
            var q = Object(query, at);
            Text(q, "drug_id_1", at);
            Text(q, "drug_id_2", at);
            Text(q, "severity", at);
            Text(q, "recommendation", at);
            if (Field(q, "base_risk", at) is not { ValueKind: JsonValueKind.Number }) throw Invalid($"{at}.base_risk", "Input should be a valid number", "float_type");
        });

        ForEach(observation, "valid_query_pairs", "", (pair, at) =>
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
                throw Invalid(at, "Input should be a list of 2 drug ids", pair.ValueKind == JsonValueKind.Array ? "too_short" : "list_type");
            for (var j = 0; j < 2; j++)
            {
                var drug = TextValue(pair[j], $"{at}.{j}");
                if (!drugs.Contains(drug)) throw Invalid($"{at}.{j}", $"'{drug}' is not in current_medications");
            }
        });

        if (observation.TryGetProperty("action_mask", out var mask) && mask.ValueKind == JsonValueKind.Array && mask.GetArrayLength() != ActionMask.Size)
            throw Invalid("action_mask", $"List should have {ActionMask.Size} items", "too_short");
    }

    private static void ForEach(JsonElement parent, string name, string path, Action<JsonElement, string> check)
    {
        var items = Array(parent, name, path);
        var at = Join(path, name);
        for (var i = 0; i < items.Length; i++) check(items[i], $"{at}.{i}");
    }

    private static JsonElement[] Array(JsonElement parent, string name, string path = "") =>
        Field(parent, name, path) is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().ToArray()
            : throw Invalid(Join(path, name), "Input should be a valid list", "list_type");

    private static JsonElement Object(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object ? value : throw Invalid(path, "Input should be a valid dictionary", "dict_type");

    private static JsonElement Field(JsonElement parent, string name, string path) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : throw Invalid(Join(path, name), "Field required", "missing");

    private static string Text(JsonElement parent, string name, string path) => TextValue(Field(parent, name, path), Join(path, name));

    private static string TextValue(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(path, "Input should be a valid string", "string_type");

    private static void Flag(JsonElement parent, string name, string path)
    {
        if (Field(parent, name, path).ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Invalid(Join(path, name), "Input should be a valid boolean", "bool_type");
    }

    private static int Integer(JsonElement parent, string name, string path) =>
        Field(parent, name, path) is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var value)
            ? value
            : throw Invalid(Join(path, name), "Input should be a valid integer", "int_type");

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static InvalidInputException Invalid(string path, string message, string type = "value_error") => new(path, message, type);
}
