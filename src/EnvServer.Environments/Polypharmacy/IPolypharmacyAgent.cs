using System.Text.Json;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// A policy over the wire observation (the JSON object of <c>observation</c>), so the same agent runs in-process,
/// in the worker, and as the LLM agent's fallback over HTTP or WebSocket.
/// </summary>
public interface IPolypharmacyAgent
{
    /// <summary>The next action for an observation of a running episode.</summary>
    PolypharmacyAction Act(JsonElement observation);
}

/// <summary>Baseline: finishes the review at once (grades what doing nothing earns).</summary>
public sealed class FinishImmediatelyAgent : IPolypharmacyAgent
{
    public PolypharmacyAction Act(JsonElement observation) => PolypharmacyAction.Finish();
}
