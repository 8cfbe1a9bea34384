using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EnvServer.Environments.Schema;

namespace EnvServer.Api.Validation;

/// <summary>
/// pydantic v2's lax mode, which OpenEnv's reference validates with, for JSON input: the conversions of its conversion
/// table (docs.pydantic.dev, "Conversion Table") as pydantic-core implements them. LLM tool calls often send numbers as
/// strings (<c>{"dose":"0.5"}</c>); those are accepted exactly where pydantic accepts them:
/// <list type="bullet">
/// <item>float ← str: surrounding whitespace trimmed, then a decimal number with optional sign, fraction and exponent
/// (<c>"0.5"</c>, <c>" -1e3 "</c>, <c>".5"</c>, <c>"1_000.5"</c>); float ← bool: 1.0 / 0.0.</item>
/// <item>int ← str: trimmed, optional sign, digits with single underscores between them, and an optional fraction of
/// zeros only (<c>"3"</c>, <c>"3.0"</c>, <c>" +3 "</c>); not <c>"3.5"</c> nor <c>"1e3"</c>. int ← bool: 1 / 0.</item>
/// <item>bool ← int or float 0 / 1, and ← str: 0, 1, f, n, no, off, false, t, y, on, yes, true (any case).</item>
/// <item>str fields take strings only, as pydantic (numbers are not made strings).</item>
/// </list>
/// A value that does not convert is left as it was, and the validator reports it in pydantic's words
/// (int_parsing, float_parsing, bool_parsing).
/// </summary>
internal static partial class LaxJson
{
    public const string IntParsing = "Input should be a valid integer, unable to parse string as an integer";
    public const string FloatParsing = "Input should be a valid number, unable to parse string as a number";
    public const string BoolParsing = "Input should be a valid boolean, unable to interpret input";

    /// <summary>The object with every convertible field converted, or null when nothing needed converting.</summary>
    public static JsonElement? Convert(ObjectSchema schema, JsonElement value)
    {
        JsonObject? converted = null;
        foreach (var property in value.EnumerateObject())
        {
            if (schema.Find(property.Name) is not { } field || Convert(field.Type, property.Value) is not { } node) continue;
            converted ??= JsonNode.Parse(value.GetRawText())!.AsObject();
            converted[property.Name] = node;
        }

        return converted is null ? null : JsonSerializer.SerializeToElement(converted);
    }

    /// <summary>Whether a value left unconverted in a field of this type is one pydantic fails to parse (not a wrong type).</summary>
    public static bool IsUnparsed(FieldType type, JsonElement value) => (type, value.ValueKind) switch
    {
        (FieldType.Number or FieldType.Integer or FieldType.Boolean, JsonValueKind.String) => true,
        (FieldType.Boolean, JsonValueKind.Number) => true,
        _ => false,
    };

    public static string ParsingCode(FieldType type) => type switch
    {
        FieldType.Integer => "int_parsing",
        FieldType.Boolean => "bool_parsing",
        _ => "float_parsing",
    };

    public static string ParsingMessage(FieldType type) => type switch
    {
        FieldType.Integer => IntParsing,
        FieldType.Boolean => BoolParsing,
        _ => FloatParsing,
    };

    private static JsonNode? Convert(FieldType type, JsonElement value) => (type, value.ValueKind) switch
    {
        (FieldType.Number, JsonValueKind.String) => Float(value.GetString()!) is { } d ? JsonValue.Create(d) : null,
        (FieldType.Number, JsonValueKind.True or JsonValueKind.False) => JsonValue.Create(value.GetBoolean() ? 1.0 : 0.0),
        (FieldType.Integer, JsonValueKind.String) => Integer(value.GetString()!) is { } digits ? JsonNode.Parse(digits) : null,
        (FieldType.Integer, JsonValueKind.True or JsonValueKind.False) => JsonValue.Create(value.GetBoolean() ? 1 : 0),
        (FieldType.Boolean, JsonValueKind.String) => Boolean(value.GetString()!) is { } b ? JsonValue.Create(b) : null,
        (FieldType.Boolean, JsonValueKind.Number) => value.TryGetDouble(out var n) && n is 0 or 1 ? JsonValue.Create(n == 1) : null,
        (FieldType.NumberArray, JsonValueKind.Array) => FloatList(value),
        _ => null,
    };

    /// <summary>A list of floats with any string or bool item converted, or null when none needed it (or one cannot be).</summary>
    private static JsonArray? FloatList(JsonElement list)
    {
        if (!list.EnumerateArray().Any(item => item.ValueKind is JsonValueKind.String or JsonValueKind.True or JsonValueKind.False)) return null;
        var items = new JsonArray();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number) items.Add(JsonNode.Parse(item.GetRawText()));
            else if (Convert(FieldType.Number, item) is { } converted) items.Add(converted);
            else return null;
        }

        return items;
    }

    /// <summary>pydantic-core's str → float: Rust's f64 grammar after trimming, or after removing single underscores between digits.</summary>
    private static double? Float(string text)
    {
        var candidate = text.Trim();
        if (!FloatPattern().IsMatch(candidate))
        {
            if (StripUnderscores(text) is not { } stripped || !FloatPattern().IsMatch(stripped)) return null;
            candidate = stripped;
        }

        // "inf" and "nan" parse in pydantic, but every number field here must be finite, and JSON cannot carry them:
        // left unconverted, they are reported.
        return double.TryParse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;
    }

    /// <summary>pydantic-core's str → int: trim, drop a leading +, drop a fraction of zeros, remove single underscores between digits.</summary>
    private static string? Integer(string text)
    {
        var s = text.Trim();
        if (s.StartsWith('+')) s = s[1..];
        if (s.IndexOf('.') is var dot and >= 0 && s.AsSpan(dot + 1).TrimStart('0').IsEmpty) s = s[..dot];
        if (s.Contains('_')) s = StripUnderscores(s) ?? s;
        if (!IntegerPattern().IsMatch(s)) return null;
        var negative = s.StartsWith('-');
        var digits = s.TrimStart('-').TrimStart('0');
        return digits.Length == 0 ? "0" : negative ? "-" + digits : digits;
    }

    private static bool? Boolean(string text) => text.ToLowerInvariant() switch
    {
        "0" or "f" or "n" or "no" or "off" or "false" => false,
        "1" or "t" or "y" or "on" or "yes" or "true" => true,
        _ => null,
    };

    /// <summary>As Python's int("1_000"): underscores only singly and between characters.</summary>
    private static string? StripUnderscores(string s) =>
        s.Contains('_') && !s.StartsWith('_') && !s.EndsWith('_') && !s.Contains("__") ? s.Replace("_", "") : null;

    [GeneratedRegex(@"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    [GeneratedRegex("^-?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();
}
