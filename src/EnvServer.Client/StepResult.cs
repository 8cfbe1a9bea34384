using System.Text.Json;

namespace EnvServer.Client;

/// <summary>
/// One observation envelope, as returned by reset and step over WebSocket and HTTP:
/// <c>{"observation":{...},"reward":..,"done":..,"metadata":{...}}</c>.
/// </summary>
/// <param name="Observation">The observation object; it carries <c>terminated</c> and <c>truncated</c>.</param>
/// <param name="Reward">The reward, null when the server sent none (e.g. after reset).</param>
/// <param name="Done">True once the episode is over, whether terminated or truncated.</param>
/// <param name="Terminated">The episode reached a terminal state (from the observation).</param>
/// <param name="Truncated">The episode hit its step limit (from the observation).</param>
/// <param name="Metadata">Episode metadata such as <c>episode_id</c>, <c>step_count</c> and <c>grader_score</c>; an empty object when absent.</param>
public sealed record StepResult(
    JsonElement Observation,
    double? Reward,
    bool Done,
    bool Terminated,
    bool Truncated,
    JsonElement Metadata)
{
    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}");

    /// <summary>
    /// Finds a value by a dotted path rooted at <c>observation</c> or <c>metadata</c>, e.g.
    /// <c>observation.concentration</c>, <c>metadata.grader_score</c> or <c>observation.vitals.0</c>
    /// (a numeric segment indexes an array).
    /// </summary>
    /// <exception cref="ArgumentException">The path does not start with <c>observation</c> or <c>metadata</c>.</exception>
    public bool TryGet(string path, out JsonElement value) => JsonPath.TryResolve(Root(path, out var rest), rest, out value);

    /// <summary>The number at <paramref name="path"/> (see <see cref="TryGet"/>), or null if it is missing or not a number.</summary>
    public double? GetDouble(string path) =>
        TryGet(path, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    /// <summary>The string at <paramref name="path"/> (see <see cref="TryGet"/>), or null if it is missing or not a string.</summary>
    public string? GetString(string path) =>
        TryGet(path, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Reads an envelope; the element must outlive this result (a clone, not a pooled buffer).</summary>
    /// <exception cref="InvalidDataException">The envelope is not a JSON object.</exception>
    internal static StepResult FromEnvelope(JsonElement envelope)
    {
        if (envelope.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Expected an observation envelope object, got {envelope.ValueKind}.");
        }

        var observation = envelope.TryGetProperty("observation"u8, out var o) ? o : EmptyObject;
        var metadata = envelope.TryGetProperty("metadata"u8, out var m) && m.ValueKind == JsonValueKind.Object ? m : EmptyObject;
        double? reward = envelope.TryGetProperty("reward"u8, out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : null;
        return new StepResult(
            observation,
            reward,
            IsTrue(envelope, "done"u8),
            IsTrue(observation, "terminated"u8),
            IsTrue(observation, "truncated"u8),
            metadata);
    }

    private static bool IsTrue(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.True;

    private JsonElement Root(string path, out ReadOnlySpan<char> rest)
    {
        var span = path.AsSpan();
        var dot = span.IndexOf('.');
        var head = dot < 0 ? span : span[..dot];
        rest = dot < 0 ? [] : span[(dot + 1)..];
        if (head.SequenceEqual("observation")) return Observation;
        if (head.SequenceEqual("metadata")) return Metadata;
        throw new ArgumentException($"Path '{path}' must start with 'observation' or 'metadata'.", nameof(path));
    }
}
