namespace EnvServer.Environments.Core;

/// <summary>
/// Base of the errors an environment raises on purpose. The protocol layer maps each kind to a
/// wire error in one place; anything else escaping an environment is a bug.
/// </summary>
public abstract class EnvironmentException(string message) : Exception(message);

/// <summary>
/// An action or reset option that passed the schema but makes no sense in the current state
/// (e.g. a drug the patient does not take). Reported as a validation error naming the field.
/// </summary>
public sealed class InvalidInputException(string field, string message, string errorType = "value_error")
    : EnvironmentException(message)
{
    public string Field { get; } = field;
    public string ErrorType { get; } = errorType;
}

/// <summary>A step sent before the first reset.</summary>
public sealed class EpisodeNotStartedException()
    : EnvironmentException("No episode has started: send reset before step.");

/// <summary>A step sent after the episode terminated or was truncated.</summary>
public sealed class EpisodeOverException()
    : EnvironmentException("The episode is over (terminated or truncated): send reset to start a new one.");
