namespace EnvServer.Client;

/// <summary>The <c>code</c> values of the server's error frames.</summary>
public static class EnvServerErrorCodes
{
    /// <summary>The frame was not JSON; the session stays open.</summary>
    public const string InvalidJson = "INVALID_JSON";

    /// <summary>The frame's <c>type</c> was missing or unknown; the session stays open.</summary>
    public const string UnknownType = "UNKNOWN_TYPE";

    /// <summary>The message or the action failed validation (details in <c>errors</c>); the session stays open.</summary>
    public const string ValidationError = "VALIDATION_ERROR";

    /// <summary>The environment refused or failed the call, e.g. a step before any reset.</summary>
    public const string ExecutionError = "EXECUTION_ERROR";

    /// <summary>The server had no free session slot; it closes the socket.</summary>
    public const string CapacityReached = "CAPACITY_REACHED";

    /// <summary>The environment could not be created; the server closes the socket.</summary>
    public const string FactoryError = "FACTORY_ERROR";

    /// <summary>Any other fatal session failure; the server closes the socket.</summary>
    public const string SessionError = "SESSION_ERROR";
}
