using System.Text.Json;

namespace EnvServer.Api.Validation;

/// <summary>Validation errors about the request envelope rather than an environment's fields.</summary>
internal static class ProtocolIssues
{
    public static ValidationIssue Missing(params string[] loc) => new("missing", loc, "Field required");

    /// <summary>A required key absent from <paramref name="container"/>, which pydantic reports as the input.</summary>
    public static ValidationIssue MissingFrom(JsonElement container, params string[] loc) =>
        new("missing", loc, "Field required") { Input = container };

    /// <summary>A value where a <c>Dict[str, Any]</c> field (e.g. a WebSocket message's data) needs an object.</summary>
    public static ValidationIssue NotADict(JsonElement value, string[] loc) =>
        new("dict_type", loc, "Input should be a valid dictionary") { Input = value };

    public static ValidationIssue NotAnObject(JsonElement value, string[] loc) =>
        new("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from") { Input = value };

    public static ValidationIssue ExtraField(JsonProperty property) =>
        new("extra_forbidden", [property.Name], "Extra inputs are not permitted") { Input = property.Value };

    public static ValidationIssue TooLarge(long length, int limit) =>
        new("too_large", [], $"Message of {length} bytes exceeds the limit of {limit} bytes (MAX_MESSAGE_BYTES)");

    public static ValidationIssue InvalidJson(string detail) =>
        new("json_invalid", ["body"], $"JSON decode error: {detail}");
}
