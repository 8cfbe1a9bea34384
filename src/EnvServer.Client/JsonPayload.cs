using System.Text.Json;

namespace EnvServer.Client;

/// <summary>
/// Writes a caller's payload (an anonymous object, a dictionary, a <c>JsonObject</c> or a <c>JsonElement</c>)
/// with its member names exactly as given: the wire is snake_case, and callers write it that way.
/// </summary>
internal static class JsonPayload
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    /// <summary>Writes <paramref name="payload"/>, or <c>{}</c> when it is null.</summary>
    public static void Write(Utf8JsonWriter writer, object? payload)
    {
        if (payload is null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        JsonSerializer.Serialize(writer, payload, payload.GetType(), Options);
    }
}
