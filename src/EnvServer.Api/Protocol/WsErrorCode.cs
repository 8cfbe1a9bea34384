namespace EnvServer.Api.Protocol;

/// <summary>
/// OpenEnv's WSErrorCode values, less SESSION_ERROR and plus RATE_LIMITED: the reference sends it for a message that is JSON
/// but not an object, which here is a VALIDATION_ERROR that keeps the session, and there is no other
/// fatal session failure to report.
/// </summary>
internal static class WsErrorCode
{
    public const string InvalidJson = "INVALID_JSON";
    public const string UnknownType = "UNKNOWN_TYPE";
    public const string ValidationError = "VALIDATION_ERROR";
    public const string ExecutionError = "EXECUTION_ERROR";
    public const string CapacityReached = "CAPACITY_REACHED";
    public const string FactoryError = "FACTORY_ERROR";

    /// <summary>
    /// Ours, not OpenEnv's: a message over MAX_MESSAGES_PER_SECOND. None of OpenEnv's codes fits (CAPACITY_REACHED
    /// means "no session for you" and clients give up or move to another server; the others blame the message).
    /// OpenEnv's clients raise any error frame with its code, so a new code costs them nothing.
    /// </summary>
    public const string RateLimited = "RATE_LIMITED";
}
