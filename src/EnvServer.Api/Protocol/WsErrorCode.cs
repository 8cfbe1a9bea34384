namespace EnvServer.Api.Protocol;

/// <summary>OpenEnv's WSErrorCode values.</summary>
internal static class WsErrorCode
{
    public const string InvalidJson = "INVALID_JSON";
    public const string UnknownType = "UNKNOWN_TYPE";
    public const string ValidationError = "VALIDATION_ERROR";
    public const string ExecutionError = "EXECUTION_ERROR";
    public const string CapacityReached = "CAPACITY_REACHED";
    public const string FactoryError = "FACTORY_ERROR";
    public const string SessionError = "SESSION_ERROR";
}
