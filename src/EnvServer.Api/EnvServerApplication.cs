using EnvServer.Api.Agents;
using EnvServer.Api.Endpoints;
using EnvServer.Api.Hosting;
using EnvServer.Api.Limits;
using EnvServer.Api.Security;

namespace EnvServer.Api;

/// <summary>
/// The server as one WebApplication: what <c>dotnet run --project src/EnvServer.Api</c> runs, and what the command-line
/// clients (training worker, LLM agent) start in-process on a loopback port when given no server URL (<see cref="Cli.EmbeddedServer"/>).
/// </summary>
public static class EnvServerApplication
{
    /// <param name="args">Command-line settings, e.g. <c>--urls http://127.0.0.1:0</c>.</param>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddEnvServerHosting();
        builder.AddHttpRateLimiting();
        builder.AddEnvironments();
        builder.AddOpenApiDocument();
        builder.AddAgentSuggestions();

        var app = builder.Build();

        app.UseJsonErrors();
        app.UseEnvServerWebSockets();
        app.UseOriginCheck();
        app.UseHttpRateLimiting();
        app.UseApiKey();
        app.UseLargeBodyLimit();
        app.MapOpenApiDocument();
        app.MapEnvironmentList();
        app.MapOpenEnv();
        app.MapAgentSuggestions();
        app.MapBanditEndpoints();
        app.MapWebConsole();
        return app;
    }
}
