using EnvServer.Api.Protocol;
using EnvServer.Api.Sessions;
using EnvServer.Api.Validation;

namespace EnvServer.Api.Endpoints;

/// <summary>The HTTP answers shared by the endpoints, FastAPI-shaped: <c>{"detail": ...}</c>.</summary>
internal static class HttpReplies
{
    public static WireResult Invalid(IReadOnlyList<ValidationIssue> issues, int statusCode = StatusCodes.Status422UnprocessableEntity) =>
        new(statusCode, w =>
        {
            w.WriteStartObject();
            WireWriter.WriteIssues(w, "detail", issues);
            w.WriteEndObject();
        });

    public static WireResult Detail(int statusCode, string detail) =>
        new(statusCode, w =>
        {
            w.WriteStartObject();
            w.WriteString("detail", detail);
            w.WriteEndObject();
        });

    public static WireResult UnknownEnvironment(string id, EnvironmentCatalog catalog) =>
        Detail(StatusCodes.Status404NotFound, $"Unknown environment '{Echo.Text(id)}'; known: {string.Join(", ", catalog.All.Select(e => e.Id))}");

    public static WireResult UnknownSession(string id) =>
        Detail(StatusCodes.Status404NotFound,
            $"Unknown session '{Echo.Text(id)}' (closed, expired after the idle timeout, or never created). POST /reset with {WireResult.SessionHeader}: new opens a new one.");

    public static WireResult CannotOpen(SessionOpening opening) => opening switch
    {
        SessionOpening.AtCapacity full => Detail(StatusCodes.Status503ServiceUnavailable, full.Message),
        SessionOpening.ClientQuotaReached quota => Detail(StatusCodes.Status429TooManyRequests, quota.Message),
        SessionOpening.FactoryFailed failed => Detail(StatusCodes.Status500InternalServerError, failed.Message),
        _ => throw new ArgumentOutOfRangeException(nameof(opening)),
    };

    /// <summary>
    /// An observation (200), or 422 for invalid input (locations under <paramref name="locPrefix"/>),
    /// or 409 for a step the episode cannot take.
    /// </summary>
    public static WireResult Outcome(CommandOutcome outcome, string? sessionId, params string[] locPrefix)
    {
        if (outcome.Issues is { } issues) return Invalid(issues.Select(i => i.Under(locPrefix)).ToArray());
        if (outcome.Failure is { } failure)
        {
            return Detail(StatusCodes.Status409Conflict, sessionId is null
                ? $"{failure} Without the {WireResult.SessionHeader} header each HTTP call uses a fresh environment: open a session with POST /reset and {WireResult.SessionHeader}: new."
                : failure);
        }

        var result = outcome.Result!;
        return new WireResult(StatusCodes.Status200OK, w => WireWriter.WriteStepResult(w, result, outcome.IgnoredResetKeys, sessionId), sessionId);
    }
}
