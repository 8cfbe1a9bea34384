using System.Text.Json;

namespace EnvServer.Training.Rollouts;

/// <summary>
/// What a policy outputs, read from the environment's own action schema (GET /envs/{id}/schema):
/// one required number field is a continuous action (e.g. drug-dose's <c>dose</c>), one required
/// integer field with minimum and maximum a discrete one (e.g. hiv's treatment index). A masked space
/// (<see cref="Layout"/>) indexes a structured action by its observation's action mask (polypharmacy).
/// </summary>
internal sealed record ActionSpace(string Field, bool IsDiscrete, int Size)
{
    /// <summary>The mask layout of a masked discrete space; null when every action is always valid.</summary>
    public MaskedActionLayout? Layout { get; init; }

    public static ActionSpace Masked(MaskedActionLayout layout) => new(MaskedActionLayout.MaskField, IsDiscrete: true, layout.Size) { Layout = layout };

    public static ActionSpace FromSchema(JsonElement actionSchema)
    {
        var required = actionSchema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
        if (required.Length != 1)
            throw new NotSupportedException($"The worker's policies need exactly one required action field; this action has [{string.Join(", ", required)}].");
        var field = required[0];
        var property = actionSchema.GetProperty("properties").GetProperty(field);
        var type = property.TryGetProperty("type", out var t) ? t.GetString() : null;
        return type switch
        {
            "number" => new ActionSpace(field, IsDiscrete: false, Size: 1),
            "integer" when property.TryGetProperty("minimum", out var min) && property.TryGetProperty("maximum", out var max) && min.GetDouble() == 0 =>
                new ActionSpace(field, IsDiscrete: true, Size: (int)max.GetDouble() + 1),
            _ => throw new NotSupportedException($"Action field '{field}' of type {type} is neither a number nor an integer in [0, n)."),
        };
    }

    /// <summary>The wire action for a discrete index or a continuous value.</summary>
    public object ToAction(float value) => new Dictionary<string, object> { [Field] = IsDiscrete ? (int)value : value };

    /// <summary>The wire action for a value chosen in <paramref name="observation"/>: a masked space decodes its index against it.</summary>
    public object ToAction(float value, JsonElement observation) => Layout is null ? ToAction(value) : Layout.ToAction((int)value, observation);
}
