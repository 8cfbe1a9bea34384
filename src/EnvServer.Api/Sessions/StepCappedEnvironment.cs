using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Api.Sessions;

/// <summary>
/// MAX_EPISODE_STEPS around a session's environment, as Gymnasium's TimeLimit: the step that reaches the cap
/// comes back truncated (done) with <c>metadata.truncated_by = "MAX_EPISODE_STEPS"</c>, and further steps are
/// refused as after any episode end, until reset. A client that raised an environment's max_steps past the
/// cap thus still gets an ordinary episode end, not an error in mid-rollout.
/// A step before any reset first starts an episode with the default reset options (a fresh seed, reported in
/// metadata), as OpenEnv's reference steps a freshly constructed environment (its stateless POST /step, and a
/// WebSocket step before reset) rather than refusing.
/// </summary>
internal sealed class StepCappedEnvironment(IEnvironment inner, int maxSteps) : IEnvironment
{
    private int _steps;
    private bool _capped;
    private bool _started;

    public EnvironmentSpec Spec => inner.Spec;

    public IJsonFields State => inner.State;

    public StepResult Reset(ResetOptions options)
    {
        var result = inner.Reset(options);
        (_steps, _capped, _started) = (0, false, true);
        return result;
    }

    public StepResult Step(JsonElement action)
    {
        if (_capped) throw new EpisodeOverException();
        if (!_started) Reset(ResetOptions.Default);
        var result = inner.Step(action);
        if (++_steps < maxSteps || result.Done) return result;
        _capped = true;
        return result with { Truncated = true, Metadata = new CapMetadata(result.Metadata, maxSteps) };
    }

    public void Dispose() => inner.Dispose();

    /// <summary>
    /// The environment's metadata with its own <c>done</c> (false: it knows nothing of the cap) set, plus why the
    /// episode ended. grader_score stays as the environment left it (null): only its own horizon is graded.
    /// </summary>
    private sealed class CapMetadata(IJsonFields metadata, int maxSteps) : IJsonFields
    {
        public void WriteFields(Utf8JsonWriter writer)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var inner = new Utf8JsonWriter(buffer))
            {
                inner.WriteStartObject();
                metadata.WriteFields(inner);
                inner.WriteEndObject();
            }

            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("done")) writer.WriteBoolean("done", true);
                else property.WriteTo(writer);
            }

            writer.WriteString("truncated_by", "MAX_EPISODE_STEPS");
            writer.WriteNumber("max_episode_steps", maxSteps);
        }
    }
}
