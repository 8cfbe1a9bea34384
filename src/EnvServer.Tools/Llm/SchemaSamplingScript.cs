using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Tools.Llm;

/// <summary>
/// A stand-in for a model that knows nothing of medicine: it answers each request with an action sampled at random
/// from the action schema the request carries (the tool's parameters, or the first ```json block of the prompt that
/// is a schema), as the envelope the agent asks for or as a tool call. Required fields are always filled, optional
/// ones with probability 0.3; enums uniformly, bounded numbers uniformly in their bounds, unbounded ones in [0, 1].
/// A fixed share of requests fail the first time they are seen (a 429 with Retry-After 0, or truncated JSON) to
/// exercise the agent's retries and corrections. Each answer is seeded by a hash of the request, so a run gives the
/// same replies whatever the order in which concurrent episodes ask.
/// </summary>
internal sealed class SchemaSamplingScript(int seed) : IChatScript
{
    /// <summary>One request in this many gets a 429 the first time it is seen.</summary>
    public const int RateLimitEvery = 17;

    /// <summary>One request in this many gets truncated JSON.</summary>
    public const int MalformedEvery = 13;

    private const double OptionalFieldProbability = 0.3;

    private readonly ConcurrentDictionary<ulong, bool> _seen = new();

    public ScriptedReply Next(JsonElement request)
    {
        var hash = Fnv1a(request.GetRawText()) ^ (ulong)seed;
        var firstTime = _seen.TryAdd(hash, true);
        if (firstTime && hash % RateLimitEvery == 0) return new ScriptedReply.Failure(429, RetryAfterSeconds: 0);
        if (hash % MalformedEvery == 0) return new ScriptedReply.Content("{\"action\": {\"");

        var random = new Random((int)(hash & int.MaxValue));
        if (ToolSchema(request) is { } tool) return new ScriptedReply.ToolCall(tool.Name, Sample(tool.Schema, random).ToJsonString(), "Sampled from the tool's schema.");
        if (PromptSchema(request) is not { } schema) return new ScriptedReply.Content("I found no action schema in the request.");
        var envelope = new JsonObject { ["action"] = Sample(schema, random), ["rationale"] = "Sampled from the action schema." };
        return new ScriptedReply.Content(envelope.ToJsonString());
    }

    private static (string Name, JsonElement Schema)? ToolSchema(JsonElement request)
    {
        if (!request.TryGetProperty("tools", out var tools) || tools.GetArrayLength() == 0) return null;
        var function = tools[0].GetProperty("function");
        return (function.GetProperty("name").GetString()!, function.GetProperty("parameters"));
    }

    private static JsonElement? PromptSchema(JsonElement request)
    {
        foreach (var message in request.GetProperty("messages").EnumerateArray())
        {
            if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String) continue;
            var text = content.GetString()!;
            for (var start = text.IndexOf("```json\n", StringComparison.Ordinal); start >= 0; start = text.IndexOf("```json\n", start + 1, StringComparison.Ordinal))
            {
                var end = text.IndexOf("\n```", start + 8, StringComparison.Ordinal);
                if (end < 0) break;
                try
                {
                    var block = JsonDocument.Parse(text[(start + 8)..end]).RootElement.Clone();
                    if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("properties", out _)) return block;
                }
                catch (JsonException)
                {
                    // Not a schema block; look further.
                }
            }
        }

        return null;
    }

    private static JsonObject Sample(JsonElement schema, Random random)
    {
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()).ToHashSet() : [];
        var action = new JsonObject();
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            if (!required.Contains(property.Name) && random.NextDouble() >= OptionalFieldProbability) continue;
            action[property.Name] = Value(property.Value, random);
        }

        return action;
    }

    private static JsonNode? Value(JsonElement field, Random random)
    {
        if (field.TryGetProperty("anyOf", out var anyOf)) field = anyOf.EnumerateArray().First(t => t.GetProperty("type").GetString() != "null");
        if (field.TryGetProperty("enum", out var values)) return JsonValue.Create(values[random.Next(values.GetArrayLength())].GetString());
        double? Bound(string name) => field.TryGetProperty(name, out var b) ? b.GetDouble() : null;
        return field.GetProperty("type").GetString() switch
        {
            "integer" => JsonValue.Create(random.NextInt64((long)(Bound("minimum") ?? 0), (long)(Bound("maximum") ?? 10) + 1)),
            "number" => JsonValue.Create(Math.Round((Bound("minimum") ?? 0) + random.NextDouble() * ((Bound("maximum") ?? 1) - (Bound("minimum") ?? 0)), 3)),
            "boolean" => JsonValue.Create(random.Next(2) == 1),
            "string" => JsonValue.Create("sampled"),
            "array" => new JsonArray(),
            _ => new JsonObject(),
        };
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
