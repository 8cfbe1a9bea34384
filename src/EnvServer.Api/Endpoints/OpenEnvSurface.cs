namespace EnvServer.Api.Endpoints;

/// <summary>
/// The whole OpenEnv surface, mounted twice: at the root for the default environment and under
/// /envs/{envId}/ for each environment, so an OpenEnv client with base_url …/envs/drug-dose works unchanged.
/// </summary>
internal static class OpenEnvSurface
{
    public static IEndpointRouteBuilder MapOpenEnv(this IEndpointRouteBuilder app)
    {
        MapSurface(app.MapGroup("").WithTags("default environment"));
        MapSurface(app.MapGroup($"/envs/{{{EnvironmentRoute.Parameter}}}").WithTags("environment by id"));
        return app;
    }

    private static void MapSurface(RouteGroupBuilder group) => group
        .MapEpisodeEndpoints()
        .MapDiscoveryEndpoints()
        .MapMcpEndpoints()
        .MapWebSocketEndpoints();
}
