using System.Text.Json;
using EnvServer.Api.Validation;
using EnvServer.Environments.Core;

namespace EnvServer.Api.Protocol;

/// <summary>
/// reset and step as every transport runs them: validate, call the environment, and map the
/// environment's own exceptions to protocol errors (this is the one place that mapping lives).
/// </summary>
internal static class EnvironmentCommands
{
    public static CommandOutcome Reset(ServedEnvironment served, IEnvironment environment, JsonElement? kwargs)
    {
        var reading = ResetRequestReader.Read(served, kwargs);
        if (reading.Issues.Count > 0) return CommandOutcome.Invalid(reading.Issues);
        try
        {
            return new CommandOutcome(environment.Reset(reading.Options), reading.IgnoredKeys, null, null);
        }
        catch (EnvironmentException error)
        {
            return Map(error);
        }
    }

    public static CommandOutcome Step(ServedEnvironment served, IEnvironment environment, JsonElement action)
    {
        var issues = served.ActionValidator.Check(action, out var accepted);
        if (issues.Count > 0) return CommandOutcome.Invalid(issues);
        try
        {
            return new CommandOutcome(environment.Step(accepted), [], null, null);
        }
        catch (EnvironmentException error)
        {
            return Map(error);
        }
    }

    private static CommandOutcome Map(EnvironmentException error) => error switch
    {
        InvalidInputException invalid => CommandOutcome.Invalid([ValidationIssue.From(invalid)]),
        _ => new CommandOutcome(null, [], null, error.Message),
    };
}

/// <summary>
/// A command's result: a <see cref="StepResult"/>, validation <see cref="Issues"/> (422 /
/// VALIDATION_ERROR), or a <see cref="Failure"/> the environment refused in its current state
/// (409 / EXECUTION_ERROR).
/// </summary>
internal readonly record struct CommandOutcome(
    StepResult? Result, IReadOnlyList<string> IgnoredResetKeys, IReadOnlyList<ValidationIssue>? Issues, string? Failure)
{
    public static CommandOutcome Invalid(IReadOnlyList<ValidationIssue> issues) => new(null, [], issues, null);
}
