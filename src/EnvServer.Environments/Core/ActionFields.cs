using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Environments.Core;

/// <summary>Reading a proposed wire action's fields in the environments' safety rules, where a field of the wrong type counts as absent.</summary>
internal static class ActionFields
{
    public static string? Text(JsonObject action, string name) =>
        action[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static double? Number(JsonObject action, string name) =>
        action[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.Deserialize<double>() : null;

    /// <summary>A number for a human-readable reason, e.g. 1000 or 2.5.</summary>
    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
