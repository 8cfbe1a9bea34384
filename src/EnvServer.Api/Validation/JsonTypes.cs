using System.Globalization;
using System.Text.Json;
using EnvServer.Environments.Schema;

namespace EnvServer.Api.Validation;

/// <summary>How a JSON value matches a <see cref="FieldType"/>, and pydantic's words when it does not.</summary>
internal static class JsonTypes
{
    public static bool Matches(FieldSchema field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null) return field.Nullable;
        return field.Type switch
        {
            FieldType.Number => value.ValueKind == JsonValueKind.Number,
            // pydantic's lax mode takes 3.0 as the integer 3, but not 3.5 nor 1e30.
            FieldType.Integer => value.ValueKind == JsonValueKind.Number && IsInteger(value),
            FieldType.String => value.ValueKind == JsonValueKind.String,
            FieldType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            FieldType.Object => value.ValueKind == JsonValueKind.Object,
            FieldType.NumberArray => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(IsFiniteNumber),
            FieldType.Array => value.ValueKind == JsonValueKind.Array,
            _ => false,
        };
    }

    /// <summary>A number's value; out-of-range literals such as 1e400 read as infinity.</summary>
    public static double Number(JsonElement value) => value.TryGetDouble(out var d) ? d : double.PositiveInfinity;

    public static string ErrorCode(FieldSchema field) => field.Type switch
    {
        FieldType.Number => "float_type",
        FieldType.Integer => "int_type",
        FieldType.String => "string_type",
        FieldType.Boolean => "bool_type",
        FieldType.Object => "dict_type",
        FieldType.NumberArray => "list_type",
        FieldType.Array => "list_type",
        _ => "type_error",
    };

    public static string ErrorMessage(FieldSchema field) => field.Type switch
    {
        FieldType.Number => "Input should be a valid number",
        FieldType.Integer => "Input should be a valid integer",
        FieldType.String => "Input should be a valid string",
        FieldType.Boolean => "Input should be a valid boolean",
        FieldType.Object => "Input should be a valid dictionary",
        FieldType.NumberArray => "Input should be a valid list of finite numbers",
        FieldType.Array => "Input should be a valid list",
        _ => "Input has the wrong type",
    };

    public static string OneOf(IReadOnlyList<string> values) => values.Count switch
    {
        0 => "nothing",
        1 => $"'{values[0]}'",
        _ => string.Join(", ", values.Take(values.Count - 1).Select(v => $"'{v}'")) + $" or '{values[^1]}'",
    };

    public static string FormatBound(double bound) => bound.ToString(CultureInfo.InvariantCulture);

    private static bool IsInteger(JsonElement value) =>
        value.TryGetInt64(out _) || (value.TryGetDouble(out var d) && double.IsFinite(d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18);

    private static bool IsFiniteNumber(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && double.IsFinite(Number(value));
}
