namespace EnvServer.Api.Protocol;

/// <summary>
/// OpenEnv's WSErrorCode values, less SESSION_ERROR: the reference sends it for a message that is JSON
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
}
