namespace EnvServer.Agent.Core.Policy;

/// <summary>How the policy asks the model and when it gives up on it.</summary>
public sealed record PolicyOptions
{
    /// <summary>
    /// Replies that gave no valid action and were answered with the problem and a request to correct it, per step,
    /// before the baseline acts instead. Default 2 (so at most three replies per step). /agent/suggest uses 0: an
    /// invalid suggestion is overridden at once.
    /// </summary>
    public int MaxCorrections { get; init; } = 2;

    /// <summary>Whether the action is offered as a function tool (MCP's take_action) rather than asked for as JSON text. Default false.</summary>
    public bool ToolCalling { get; init; }
}
