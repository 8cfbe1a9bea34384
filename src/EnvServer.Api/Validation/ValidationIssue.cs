using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Api.Validation;

/// <summary>
/// One validation error in pydantic's shape: <c>{"type","loc","msg","input","ctx"?}</c>, the shape
/// FastAPI puts in a 422 <c>detail</c> list and OpenEnv in a VALIDATION_ERROR frame's <c>errors</c>.
/// </summary>
internal sealed record ValidationIssue(string Type, IReadOnlyList<string> Loc, string Message)
{
    /// <summary>The offending value, if any (written as JSON; long values are cut, see <see cref="Echo"/>).</summary>
    public JsonElement? Input { get; init; }

    /// <summary>pydantic's <c>ctx</c>, e.g. <c>{"ge": 0}</c>.</summary>
    public IReadOnlyDictionary<string, object>? Context { get; init; }

    public ValidationIssue Under(params string[] prefix) => this with { Loc = [.. prefix, .. Loc] };

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WriteStartArray("loc");
        foreach (var part in Loc) writer.WriteStringValue(Echo.Text(part));
        writer.WriteEndArray();
        writer.WriteString("msg", Message);
        writer.WritePropertyName("input");
        WriteInput(writer);
        if (Context is { Count: > 0 })
        {
            writer.WriteStartObject("ctx");
            foreach (var (key, value) in Context)
            {
                switch (value)
                {
                    case double d: writer.WriteFloat(key, d); break;
                    case int i: writer.WriteNumber(key, i); break;
                    case long l: writer.WriteNumber(key, l); break;
                    default: writer.WriteString(key, value.ToString()); break;
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private void WriteInput(Utf8JsonWriter writer)
    {
        if (Input is not { } input || input.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
            return;
        }

        // Echo the input as pydantic does, but never a megabyte of it back.
        Echo.WriteValue(writer, input);
    }

    public static ValidationIssue From(InvalidInputException error) => new(error.ErrorType, [error.Field], error.Message);
}
