using System.Globalization;
using System.Text.Json;

namespace EnvServer.Agent.Core.Actions;

/// <summary>
/// Checks an action against the action's JSON Schema as /schema serves it: an object with typed properties
/// (a nullable one is <c>anyOf [type, null]</c>), <c>required</c>, <c>additionalProperties: false</c>, and per
/// property <c>enum</c>, <c>minimum</c>, <c>maximum</c>, exclusive bounds and <c>maxLength</c>. That is all the
/// keywords the server's action schemas use; the server checks the same rules again on step.
/// </summary>
internal sealed class ActionSchemaCheck(JsonElement schema)
{
    /// <summary>Longest enum listed in a message; longer ones (drug ids) say how many values there are.</summary>
    private const int MaxListedValues = 12;

    public ActionProblem? Check(JsonElement action)
    {
        var problems = new List<string>();
        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!action.TryGetProperty(name, out _)) problems.Add($"{name}: required field missing");
            }
        }

        var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        foreach (var (name, value) in action.EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var field))
            {
                if (FieldProblem(field, value) is { } problem) problems.Add($"{name}: {problem}");
            }
            else if (closed)
            {
                problems.Add($"{name}: unknown field; the action's fields are {string.Join(", ", Names(properties))}");
            }
        }

        return problems.Count == 0 ? null : new ActionProblem(ActionProblem.Schema, string.Join("; ", problems));
    }

    private static string? FieldProblem(JsonElement field, JsonElement value)
    {
        var nullable = false;
        var type = field;
        if (field.TryGetProperty("anyOf", out var anyOf))
        {
            nullable = anyOf.EnumerateArray().Any(IsNullType);
            type = anyOf.EnumerateArray().First(t => !IsNullType(t));
        }

        var kind = value.ValueKind;
        if (kind == JsonValueKind.Null) return nullable ? null : "must not be null";
        var expected = type.TryGetProperty("type", out var t) ? t.GetString() : null;
        var problem = expected switch
        {
            "number" when kind != JsonValueKind.Number => "must be a number",
            "integer" when kind != JsonValueKind.Number || !IsWhole(value.GetDouble()) => "must be an integer",
            "string" when kind != JsonValueKind.String => "must be a string",
            "boolean" when kind is not (JsonValueKind.True or JsonValueKind.False) => "must be true or false",
            "object" when kind != JsonValueKind.Object => "must be an object",
            "array" when kind != JsonValueKind.Array => "must be an array",
            _ => null,
        };
        if (problem is not null) return problem;
        if (kind == JsonValueKind.Number) return RangeProblem(type, value.GetDouble());
        if (kind == JsonValueKind.String) return TextProblem(type, value.GetString()!);
        return null;
    }

    private static string? RangeProblem(JsonElement type, double number)
    {
        if (!double.IsFinite(number)) return "must be a finite number";
        if (Bound(type, "minimum") is { } min && number < min) return $"must be at least {Format(min)}, got {Format(number)}";
        if (Bound(type, "maximum") is { } max && number > max) return $"must be at most {Format(max)}, got {Format(number)}";
        if (Bound(type, "exclusiveMinimum") is { } xmin && number <= xmin) return $"must be greater than {Format(xmin)}, got {Format(number)}";
        if (Bound(type, "exclusiveMaximum") is { } xmax && number >= xmax) return $"must be less than {Format(xmax)}, got {Format(number)}";
        return null;
    }

    private static string? TextProblem(JsonElement type, string text)
    {
        if (type.TryGetProperty("maxLength", out var maxLength) && text.Length > maxLength.GetInt32()) return $"must have at most {maxLength.GetInt32()} characters";
        if (!type.TryGetProperty("enum", out var values)) return null;
        var allowed = values.EnumerateArray().Select(v => v.GetString()).ToArray();
        if (allowed.Contains(text)) return null;
        return allowed.Length <= MaxListedValues
            ? $"'{text}' is not one of {string.Join(", ", allowed)}"
            : $"'{text}' is not one of the {allowed.Length} values the schema lists";
    }

    private static bool IsNullType(JsonElement type) => type.TryGetProperty("type", out var t) && t.GetString() == "null";

    private static bool IsWhole(double number) => double.IsFinite(number) && Math.Floor(number) == number;

    private static double? Bound(JsonElement type, string keyword) =>
        type.TryGetProperty(keyword, out var bound) && bound.ValueKind == JsonValueKind.Number ? bound.GetDouble() : null;

    private static IEnumerable<string> Names(JsonElement properties) =>
        properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject().Select(p => p.Name) : [];

    private static string Format(double number) => number.ToString("R", CultureInfo.InvariantCulture);
}
