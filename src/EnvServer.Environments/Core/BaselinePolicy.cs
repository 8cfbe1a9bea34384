using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Environments.Core;

/// <summary>
/// An environment's documented fallback, from the wire observation to a wire action: what the LLM agent does when the
/// model gives no valid action, the answer of /agent/baseline, and the policy of the realism table (docs/environments.md).
/// </summary>
/// <param name="Name">How logs and replies name it, e.g. <c>hiv/clinical_rule</c>.</param>
/// <param name="Act">Observation → action. Throws KeyNotFoundException or InvalidOperationException for an observation lacking a field it reads.</param>
public sealed record BaselinePolicy(string Name, Func<JsonElement, JsonObject> Act);
