using EnvServer.Api.Protocol;
using EnvServer.Api.Sessions;

namespace EnvServer.Api.Endpoints;

/// <summary>GET /health, /metadata and /schema: what `openenv validate --url` and humans read.</summary>
internal static class DiscoveryEndpoints
{
    public static RouteGroupBuilder MapDiscoveryEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/health", Health).WithSummary("Liveness, with active and maximum session counts");
        group.MapGet("/metadata", Metadata).WithSummary("OpenEnv EnvironmentMetadata of the environment");
        group.MapGet("/schema", Schema).WithSummary("JSON Schemas of the action, observation, state and reset request");
        return group;
    }

    private static IResult Health(HttpContext context, EnvironmentCatalog catalog, SessionManager sessions) =>
        EnvironmentRoute.Resolve(context, catalog, out var notFound) is not null
            ? TypedResults.Ok(new HealthResponse("healthy", sessions.ActiveCount, sessions.MaxCount))
            : notFound!;

    private static IResult Metadata(HttpContext context, EnvironmentCatalog catalog) =>
        EnvironmentRoute.Resolve(context, catalog, out var notFound) is { } served
            ? new WireResult(StatusCodes.Status200OK, served.WriteMetadata)
            : notFound!;

    private static IResult Schema(HttpContext context, EnvironmentCatalog catalog) =>
        EnvironmentRoute.Resolve(context, catalog, out var notFound) is { } served
            ? TypedResults.Json(served.SchemaDocument)
            : notFound!;
}

/// <summary>GET /health: OpenEnv's HealthResponse plus the session counts.</summary>
internal sealed record HealthResponse(string Status, int ActiveSessions, int MaxSessions);
