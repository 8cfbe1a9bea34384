namespace EnvServer.Client;

/// <summary>An HTTP reset's observation and the session id that continues its episode.</summary>
/// <param name="SessionId">Pass to <see cref="EnvHttpClient.StepAsync"/> and <see cref="EnvHttpClient.StateAsync"/>.</param>
/// <param name="Result">The first observation.</param>
public sealed record HttpResetResult(string SessionId, StepResult Result);
