using System.Text.Json;
using EnvServer.Api.Protocol;
using EnvServer.Api.Sessions;
using EnvServer.Api.Validation;
using EnvServer.Environments.Schema;

namespace EnvServer.Api.Endpoints;

/// <summary>
/// POST /reset, POST /step, GET /state. OpenEnv's reference runs each on a throwaway environment;
/// so that curl users can play whole episodes, POST /reset here opens an HTTP session and returns
/// its id (X-Session-Id header and metadata.session_id), and /step and /state with that header
/// continue it. Without the header /step and /state behave as the reference.
/// </summary>
internal static class EpisodeEndpoints
{
    /// <summary>StepRequest's envelope: the action plus OpenEnv's optional keys; extra keys are allowed.</summary>
    private static readonly JsonObjectValidator StepEnvelope = new(new ObjectSchema("StepRequest", "A step request",
    [
        new FieldSchema("action", FieldType.Object, "The action") { Required = true },
        new FieldSchema("timeout_s", FieldType.Number, "Step timeout in seconds (accepted for compatibility)") { Nullable = true, ExclusiveMinimum = 0 },
        new FieldSchema("request_id", FieldType.String, "Caller's request id") { Nullable = true, MaxLength = 255 },
    ])
    {
        AdditionalProperties = true,
    });

    public static RouteGroupBuilder MapEpisodeEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/reset", ResetAsync)
            .WithSummary("Start an episode (opens an HTTP session unless X-Session-Id names one)");
        group.MapPost("/step", StepAsync)
            .WithSummary("Apply an action: {\"action\": {...}} (the bare action is accepted too)");
        group.MapGet("/state", StateAsync)
            .WithSummary("Full state of the session's environment (of a fresh one without X-Session-Id)");
        group.MapPost("/close", CloseAsync)
            .WithSummary("Close the HTTP session named by X-Session-Id and free its slot");
        return group;
    }

    private static async Task<IResult> ResetAsync(HttpContext context, EnvironmentCatalog catalog, SessionManager sessions)
    {
        if (EnvironmentRoute.Resolve(context, catalog, out var notFound) is not { } served) return notFound!;
        using var body = await RequestBody.ReadJsonAsync(context.Request);
        if (body.Error is { } error) return HttpReplies.Invalid([error], body.ErrorStatus);
        var kwargs = body.Root;

        if (SessionIdOf(context) is { } sessionId)
        {
            return await WithSessionAsync(sessions, served, sessionId, session =>
                HttpReplies.Outcome(EnvironmentCommands.Reset(served, session.Environment, kwargs), session.Id, "body"));
        }

        var opening = sessions.Open(served.Spec, SessionKind.Http);
        if (opening is not SessionOpening.Opened { Session: var fresh }) return HttpReplies.CannotOpen(opening);
        var outcome = EnvironmentCommands.Reset(served, fresh.Environment, kwargs);
        if (outcome.Result is null) sessions.Close(fresh);
        return HttpReplies.Outcome(outcome, outcome.Result is null ? null : fresh.Id, "body");
    }

    private static async Task<IResult> StepAsync(HttpContext context, EnvironmentCatalog catalog, SessionManager sessions)
    {
        if (EnvironmentRoute.Resolve(context, catalog, out var notFound) is not { } served) return notFound!;
        using var body = await RequestBody.ReadJsonAsync(context.Request);
        if (body.Error is { } error) return HttpReplies.Invalid([error], body.ErrorStatus);
        if (body.Root is not { } root) return HttpReplies.Invalid([ProtocolIssues.Missing("body")]);
        if (root.ValueKind != JsonValueKind.Object) return HttpReplies.Invalid([ProtocolIssues.NotAnObject(root, ["body"])]);

        // OpenEnv wraps the action as {"action": {...}}; its pre-2026 server also took the bare action.
        var action = root;
        if (root.TryGetProperty("action", out _))
        {
            var issues = StepEnvelope.Check(root);
            if (issues.Count > 0) return HttpReplies.Invalid(issues.Select(i => i.Under("body")).ToArray());
            action = root.GetProperty("action");
        }

        if (SessionIdOf(context) is { } sessionId)
        {
            return await WithSessionAsync(sessions, served, sessionId, session =>
                HttpReplies.Outcome(EnvironmentCommands.Step(served, session.Environment, action), session.Id));
        }

        using var throwaway = served.Spec.Factory();
        return HttpReplies.Outcome(EnvironmentCommands.Step(served, throwaway, action), sessionId: null);
    }

    private static async Task<IResult> StateAsync(HttpContext context, EnvironmentCatalog catalog, SessionManager sessions)
    {
        if (EnvironmentRoute.Resolve(context, catalog, out var notFound) is not { } served) return notFound!;
        if (SessionIdOf(context) is { } sessionId)
        {
            return await WithSessionAsync(sessions, served, sessionId, session =>
                new WireResult(StatusCodes.Status200OK, w => WireWriter.WriteState(w, session.Environment), session.Id));
        }

        using var fresh = served.Spec.Factory();
        return new WireResult(StatusCodes.Status200OK, w => WireWriter.WriteState(w, fresh));
    }

    /// <summary>The HTTP counterpart of the WebSocket close message: without it a session holds its slot until the idle timeout.</summary>
    private static async Task<IResult> CloseAsync(HttpContext context, EnvironmentCatalog catalog, SessionManager sessions)
    {
        if (EnvironmentRoute.Resolve(context, catalog, out var notFound) is not { } served) return notFound!;
        if (SessionIdOf(context) is not { } sessionId) return HttpReplies.Invalid([ProtocolIssues.Missing("header", WireResult.SessionHeader)]);
        return await WithSessionAsync(sessions, served, sessionId, session =>
        {
            if (session.Kind != SessionKind.Http)
            {
                return HttpReplies.Detail(StatusCodes.Status409Conflict, $"Session '{sessionId}' is a {session.Kind} session: close it over its own transport");
            }

            sessions.Close(session);
            return new WireResult(StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("session_id", session.Id);
                w.WriteBoolean("closed", true);
                w.WriteEndObject();
            });
        });
    }

    private static string? SessionIdOf(HttpContext context) =>
        context.Request.Headers.TryGetValue(WireResult.SessionHeader, out var values) && !string.IsNullOrWhiteSpace(values) ? values.ToString() : null;

    /// <summary>Runs <paramref name="handle"/> on the named session, one request at a time.</summary>
    private static async Task<IResult> WithSessionAsync(SessionManager sessions, ServedEnvironment served, string sessionId, Func<Session, IResult> handle)
    {
        var session = sessions.Find(sessionId);
        if (session is null) return HttpReplies.UnknownSession(sessionId);
        if (session.Environment.Spec.Id != served.Id)
        {
            return HttpReplies.Detail(StatusCodes.Status409Conflict,
                $"Session '{sessionId}' plays '{session.Environment.Spec.Id}', not '{served.Id}': use /envs/{session.Environment.Spec.Id}/…");
        }

        await session.Gate.WaitAsync();
        try
        {
            if (session.IsClosed) return HttpReplies.UnknownSession(sessionId);
            session.Touch();
            return handle(session);
        }
        finally
        {
            session.Gate.Release();
        }
    }
}
