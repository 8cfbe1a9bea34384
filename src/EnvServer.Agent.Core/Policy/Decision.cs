using System.Text.Json.Nodes;
using EnvServer.Agent.Core.Actions;

namespace EnvServer.Agent.Core.Policy;

/// <summary>Where a decision's action came from.</summary>
public enum DecisionSource
{
    /// <summary>A model reply that passed every check.</summary>
    Model,

    /// <summary>The environment's baseline: no model configured, the model unreachable, or its replies invalid.</summary>
    Baseline,
}

/// <summary>One step's decision: the action, its source and what happened on the way.</summary>
/// <param name="Action">The action taken (or suggested).</param>
/// <param name="Source">Model or baseline.</param>
/// <param name="Rationale">The model's reason, or the baseline's name and why it acted.</param>
public sealed record Decision(JsonObject Action, DecisionSource Source, string? Rationale)
{
    /// <summary>Problems of the replies that were refused, in order; the last one is why the baseline acted, if it did.</summary>
    public IReadOnlyList<ActionProblem> Problems { get; init; } = [];

    /// <summary>Model requests made (corrections included).</summary>
    public int ModelCalls { get; init; }

    /// <summary>Transport retries (timeouts, 429, 5xx) across those requests.</summary>
    public int Retries { get; init; }

    /// <summary>Set when even the baseline's action was refused: the step could not be taken.</summary>
    public ActionProblem? Error { get; init; }
}
