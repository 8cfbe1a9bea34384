using System.Text.Json.Nodes;
using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Tests.Schema;

public class ObjectSchemaTests
{
    private static readonly ObjectSchema Sample = new("SampleAction", "A sample.",
    [
        new FieldSchema("dose_mg", FieldType.Number, "Dose") { Required = true, Minimum = 0, ExclusiveMaximum = 10 },
        new FieldSchema("route", FieldType.String, "Route") { AllowedValues = ["oral", "iv"] }.WithDefault("oral"),
        new FieldSchema("note", FieldType.String, "Note") { Nullable = true, MaxLength = 20 }.WithDefault(null),
        new FieldSchema("levels", FieldType.NumberArray, "Levels") { Required = true },
    ]);

    [Fact]
    public void ToJsonSchema_Object_HasPydanticShape()
    {
        var schema = Sample.ToJsonSchema();

        Assert.Equal("SampleAction", (string?)schema["title"]);
        Assert.Equal("A sample.", (string?)schema["description"]);
        Assert.Equal("object", (string?)schema["type"]);
        Assert.False((bool?)schema["additionalProperties"]);
        Assert.Equal(["dose_mg", "route", "note", "levels"], schema["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void ToJsonSchema_RequiredFields_ListedInOrder()
    {
        var required = Sample.ToJsonSchema()["required"]!.AsArray().Select(n => (string?)n);

        Assert.Equal(["dose_mg", "levels"], required);
    }

    [Fact]
    public void ToJsonSchema_NoRequiredFields_OmitsRequired()
    {
        var schema = new ObjectSchema("Empty", "Nothing required.", [new FieldSchema("x", FieldType.Integer, "X")]).ToJsonSchema();

        Assert.False(schema.ContainsKey("required"));
    }

    [Fact]
    public void ToJsonSchema_NullableField_UsesAnyOfWithNull()
    {
        var note = Sample.ToJsonSchema()["properties"]!["note"]!;

        var anyOf = note["anyOf"]!.AsArray();
        Assert.Equal(2, anyOf.Count);
        Assert.Equal("string", (string?)anyOf[0]!["type"]);
        Assert.Equal(20, (int?)anyOf[0]!["maxLength"]);
        Assert.Equal("null", (string?)anyOf[1]!["type"]);
        Assert.Null(note["type"]);
        Assert.True(note.AsObject().ContainsKey("default"));
        Assert.Null(note["default"]);
    }

    [Fact]
    public void ToJsonSchema_AllowedValues_BecomeEnumWithDefault()
    {
        var route = Sample.ToJsonSchema()["properties"]!["route"]!;

        Assert.Equal(["oral", "iv"], route["enum"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("oral", (string?)route["default"]);
        Assert.Equal("Route", (string?)route["title"]);
    }

    [Fact]
    public void ToJsonSchema_NumberBoundsAndTitle_Rendered()
    {
        var dose = Sample.ToJsonSchema()["properties"]!["dose_mg"]!;

        Assert.Equal("number", (string?)dose["type"]);
        Assert.Equal(0.0, (double?)dose["minimum"]);
        Assert.Equal(10.0, (double?)dose["exclusiveMaximum"]);
        Assert.Null(dose["maximum"]);
        Assert.Equal("Dose Mg", (string?)dose["title"]);
        Assert.False(dose.AsObject().ContainsKey("default"));
    }

    [Fact]
    public void ToJsonSchema_NumberArray_HasNumberItems()
    {
        var levels = Sample.ToJsonSchema()["properties"]!["levels"]!;

        Assert.Equal("array", (string?)levels["type"]);
        Assert.Equal("number", (string?)levels["items"]!["type"]);
    }

    [Fact]
    public void ToJsonSchema_AdditionalPropertiesAllowed_RenderedTrue()
    {
        var schema = (Sample with { AdditionalProperties = true }).ToJsonSchema();

        Assert.True((bool?)schema["additionalProperties"]);
    }

    [Fact]
    public void ToJsonSchema_WithDefaults_SerializesToJson()
    {
        var text = Sample.ToJsonSchema().ToJsonString();

        Assert.NotNull(JsonNode.Parse(text));
    }
}
