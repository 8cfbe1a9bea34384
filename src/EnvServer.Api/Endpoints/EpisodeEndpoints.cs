using System.Text.Json;
using EnvServer.Api.Protocol;
using EnvServer.Api.Sessions;
using EnvServer.Api.Validation;
using EnvServer.Environments.Core;
using EnvServer.Environments.Schema;

namespace EnvServer.Api.Endpoints;

/// <summary>
/// POST /reset, POST /step, GET /state as OpenEnv's reference: without X-Session-Id each call runs on a throwaway
/// environment and holds nothing (a step on it first starts an episode with default options, as the reference steps
/// a fresh environment). A client that wants to play a whole episode over HTTP asks for a session: POST /reset with
/// <c>X-Session-Id: new</c> opens one and answers with its id in X-Session-Id; /step, /state, /reset and /close with
/// that id continue it, until POST /close or HTTP_SESSION_IDLE_TIMEOUT.
/// </summary>
internal static class EpisodeEndpoints
{
    /// <summary>The X-Session-Id value that asks POST /reset for a new HTTP session.</summary>
    public const string NewSession = "new";

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
            .WithSummary("Start an episode: stateless, or in a new HTTP session with X-Session-Id: new, or again in the session X-Session-Id names");
        group.MapPost("/step", StepAsync)
            .WithSummary("Apply an action: {\"action\": {...}} (the bare action is accepted too); stateless without X-Session-Id");
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

        switch (SessionIdOf(context))
        {
            case null:
                return Stateless(sessions, served, environment => HttpReplies.Outcome(EnvironmentCommands.Reset(served, environment, kwargs), sessionId: null, "body"));
            case NewSession:
                return OpenAndReset(context, sessions, served, kwargs);
            case var sessionId:
                return await WithSessionAsync(sessions, served, sessionId, session =>
                    HttpReplies.Outcome(EnvironmentCommands.Reset(served, session.Environment, kwargs), session.Id, "body"));
        }
    }

    /// <summary>A new HTTP session, kept only if its first reset succeeds: a refused reset never holds a slot.</summary>
    private static IResult OpenAndReset(HttpContext context, SessionManager sessions, ServedEnvironment served, JsonElement? kwargs)
    {
        var opening = sessions.Open(served.Spec, SessionKind.Http, ClientAddress.Of(context));
        if (opening is not SessionOpening.Opened { Session: var fresh }) return HttpReplies.CannotOpen(opening);
        var kept = false;
        try
        {
            var outcome = EnvironmentCommands.Reset(served, fresh.Environment, kwargs);
            kept = outcome.Result is not null;
            return HttpReplies.Outcome(outcome, kept ? fresh.Id : null, "body");
        }
        finally
        {
            if (!kept) sessions.Close(fresh);
        }
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
            // Lax as pydantic's StepRequest ("timeout_s": "30" passes); only the action is read.
            var issues = StepEnvelope.Check(root, out _);
            if (issues.Count > 0) return HttpReplies.Invalid(issues.Select(i => i.Under("body")).ToArray());
            action = root.GetProperty("action");
        }

        return SessionIdOf(context) switch
        {
            null => Stateless(sessions, served, environment => HttpReplies.Outcome(EnvironmentCommands.Step(served, environment, action), sessionId: null)),
            NewSession => NewOnlyOnReset(),
            var sessionId => await WithSessionAsync(sessions, served, sessionId, session =>
                HttpReplies.Outcome(EnvironmentCommands.Step(served, session.Environment, action), session.Id)),
        };
    }

    private static async Task<IResult> StateAsync(HttpContext context, EnvironmentCatalog catalog, SessionManager sessions)
    {
        if (EnvironmentRoute.Resolve(context, catalog, out var notFound) is not { } served) return notFound!;
        return SessionIdOf(context) switch
        {
            null => Stateless(sessions, served, environment => new WireResult(StatusCodes.Status200OK, w => WireWriter.WriteState(w, environment))),
            NewSession => NewOnlyOnReset(),
            var sessionId => await WithSessionAsync(sessions, served, sessionId, session =>
                new WireResult(StatusCodes.Status200OK, w => WireWriter.WriteState(w, session.Environment), session.Id)),
        };
    }

    /// <summary>The HTTP counterpart of the WebSocket close message: without it a session holds its slot until the idle timeout.</summary>
    private static async Task<IResult> CloseAsync(HttpContext context, EnvironmentCatalog catalog, SessionManager sessions)
    {
        if (EnvironmentRoute.Resolve(context, catalog, out var notFound) is not { } served) return notFound!;
        if (SessionIdOf(context) is not { } sessionId) return HttpReplies.Invalid([ProtocolIssues.Missing("header", WireResult.SessionHeader)]);
        if (sessionId == NewSession) return NewOnlyOnReset();
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
        context.Request.Headers.TryGetValue(WireResult.SessionHeader, out var values) && !string.IsNullOrWhiteSpace(values) ? values.ToString().Trim() : null;

    private static WireResult NewOnlyOnReset() =>
        HttpReplies.Detail(StatusCodes.Status400BadRequest,
            $"{WireResult.SessionHeader}: {NewSession} opens a session on POST /reset only; send the id that reset returned.");

    /// <summary>Runs <paramref name="handle"/> on a throwaway environment, which holds no slot and is gone with the reply.</summary>
    private static IResult Stateless(SessionManager sessions, ServedEnvironment served, Func<IEnvironment, IResult> handle)
    {
        using var environment = sessions.TryBuild(served.Spec);
        return environment is null ? HttpReplies.CannotOpen(new SessionOpening.FactoryFailed(served.Spec.Name)) : handle(environment);
    }

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
