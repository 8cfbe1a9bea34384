using System.Text.Json;
using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Tests.Support;

/// <summary>Checks a written JSON object against the schema that documents it.</summary>
internal static class SchemaAssert
{
    /// <summary>Exactly the schema's keys (conditional ones when present), each with a value of its declared type and within its bounds.</summary>
    public static void Conforms(ObjectSchema schema, JsonElement json)
    {
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        var keys = json.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(schema.Fields.Where(f => !f.Conditional || keys.Contains(f.Name)).Select(f => f.Name).Order(), keys.Order());

        foreach (var field in schema.Fields.Where(f => keys.Contains(f.Name))) FieldConforms(field, json.GetProperty(field.Name));
    }

    private static void FieldConforms(FieldSchema field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            Assert.True(field.Nullable, $"{field.Name} is null but not nullable");
            return;
        }

        switch (field.Type)
        {
            case FieldType.Number:
                AssertFloat(field.Name, value);
                AssertBounds(field, value.GetDouble());
                break;
            case FieldType.Integer:
                Assert.True(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _), $"{field.Name} is not an integer: {value.GetRawText()}");
                AssertBounds(field, value.GetInt64());
                break;
            case FieldType.Boolean:
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{field.Name} is not a boolean: {value.GetRawText()}");
                break;
            case FieldType.String:
                Assert.Equal(JsonValueKind.String, value.ValueKind);
                if (field.AllowedValues is { } allowed) Assert.Contains(value.GetString(), allowed);
                break;
            case FieldType.Object:
                Assert.Equal(JsonValueKind.Object, value.ValueKind);
                break;
            case FieldType.NumberArray:
                Assert.Equal(JsonValueKind.Array, value.ValueKind);
                foreach (var item in value.EnumerateArray()) AssertFloat(field.Name, item);
                break;
            case FieldType.Array:
                Assert.Equal(JsonValueKind.Array, value.ValueKind);
                break;
            default:
                Assert.Fail($"Unknown field type {field.Type}");
                break;
        }
    }

    // Python clients tell floats from ints by the text, so a number field must read as a float.
    private static void AssertFloat(string name, JsonElement value)
    {
        Assert.True(value.ValueKind == JsonValueKind.Number, $"{name} is not a number: {value.GetRawText()}");
        Assert.True(value.GetRawText().IndexOfAny(['.', 'e', 'E']) >= 0, $"{name} is written as an integer: {value.GetRawText()}");
    }

    private static void AssertBounds(FieldSchema field, double value)
    {
        if (field.Minimum is { } min) Assert.True(value >= min, $"{field.Name} = {value} < {min}");
        if (field.Maximum is { } max) Assert.True(value <= max, $"{field.Name} = {value} > {max}");
        if (field.ExclusiveMinimum is { } xmin) Assert.True(value > xmin, $"{field.Name} = {value} <= {xmin}");
        if (field.ExclusiveMaximum is { } xmax) Assert.True(value < xmax, $"{field.Name} = {value} >= {xmax}");
    }
}
