using System.Text.Json.Nodes;

namespace EnvServer.Environments.Schema;

/// <summary>
/// A flat object with typed fields, rendered as a pydantic-shaped JSON Schema
/// (title, description, type, additionalProperties, properties, required).
/// </summary>
public sealed record ObjectSchema(string Title, string Description, IReadOnlyList<FieldSchema> Fields)
{
    /// <summary>Whether keys not listed are allowed. Actions forbid them; state allows them.</summary>
    public bool AdditionalProperties { get; init; }

    public FieldSchema? Find(string name)
    {
        foreach (var field in Fields)
        {
            if (field.Name == name) return field;
        }

        return null;
    }

    public JsonObject ToJsonSchema()
    {
        var properties = new JsonObject();
        foreach (var field in Fields) properties[field.Name] = FieldToJson(field);

        var schema = new JsonObject
        {
            ["title"] = Title,
            ["description"] = Description,
            ["type"] = "object",
            ["additionalProperties"] = AdditionalProperties,
            ["properties"] = properties,
        };
        var required = Fields.Where(f => f.Required).Select(f => (JsonNode)JsonValue.Create(f.Name)!).ToArray();
        if (required.Length > 0) schema["required"] = new JsonArray(required);
        return schema;
    }

    private static JsonObject FieldToJson(FieldSchema field)
    {
        var type = TypeToJson(field);
        JsonObject node;
        if (field.Nullable)
        {
            node = new JsonObject { ["anyOf"] = new JsonArray(type, new JsonObject { ["type"] = "null" }) };
        }
        else
        {
            node = type;
        }

        node["title"] = field.Title;
        node["description"] = field.Description;
        if (field.HasDefault) node["default"] = JsonValue.Create(field.Default);
        return node;
    }

    private static JsonObject TypeToJson(FieldSchema field)
    {
        var node = new JsonObject
        {
            ["type"] = field.Type switch
            {
                FieldType.Number => "number",
                FieldType.Integer => "integer",
                FieldType.String => "string",
                FieldType.Boolean => "boolean",
                FieldType.Object => "object",
                FieldType.NumberArray => "array",
                FieldType.Array => "array",
                _ => throw new ArgumentOutOfRangeException(nameof(field)),
            },
        };
        if (field.Type == FieldType.Object) node["additionalProperties"] = true;
        if (field.Type == FieldType.NumberArray) node["items"] = new JsonObject { ["type"] = "number" };
        if (field.Minimum is { } min) node["minimum"] = min;
        if (field.Maximum is { } max) node["maximum"] = max;
        if (field.ExclusiveMinimum is { } xmin) node["exclusiveMinimum"] = xmin;
        if (field.ExclusiveMaximum is { } xmax) node["exclusiveMaximum"] = xmax;
        if (field.MaxLength is { } maxLength) node["maxLength"] = maxLength;
        if (field.AllowedValues is { } values) node["enum"] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
        return node;
    }
}
