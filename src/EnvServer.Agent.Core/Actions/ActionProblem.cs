namespace EnvServer.Agent.Core.Actions;

/// <summary>Why a reply gave no usable action; <see cref="Message"/> is shown to the model when it is asked again.</summary>
/// <param name="Check">Which check refused it: one of the constants below.</param>
/// <param name="Message">What was wrong, naming the field.</param>
public sealed record ActionProblem(string Check, string Message)
{
    /// <summary>The reply held no JSON object (or no call of the action tool).</summary>
    public const string Reply = "reply";

    /// <summary>The action broke the action's JSON Schema.</summary>
    public const string Schema = "schema";

    /// <summary>The action is well-formed but not valid now (polypharmacy's action_mask and argument rules).</summary>
    public const string ActionMask = "action_mask";

    /// <summary>The server refused the step (VALIDATION_ERROR).</summary>
    public const string Server = "server";

    /// <summary>The model could not be reached (retries exhausted, or an error that retrying cannot fix).</summary>
    public const string Model = "model";

    public override string ToString() => $"{Check}: {Message}";
}
