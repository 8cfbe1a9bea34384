using System.Text;
using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Tests.Support;

/// <summary>Renders what environments write the way the server does: fields inside one object.</summary>
internal static class JsonText
{
    public static string Of(IJsonFields fields) => Write(fields.WriteFields);

    public static JsonElement Parse(IJsonFields fields) => ParseText(Of(fields));

    public static string Write(Action<Utf8JsonWriter> writeFields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static JsonElement ParseText(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A reset option or action value as the server would hand it over.</summary>
    public static JsonElement Value<T>(T value) => JsonSerializer.SerializeToElement(value);
}
