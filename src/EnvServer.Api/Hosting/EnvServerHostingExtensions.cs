using System.Text.Json;
using EnvServer.Api.Limits;
using EnvServer.Api.Mcp;
using EnvServer.Api.Protocol;
using EnvServer.Api.Sessions;
using EnvServer.Api.WebSockets;
using EnvServer.Environments.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace EnvServer.Api.Hosting;

internal static class EnvServerHostingExtensions
{
    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>The OpenEnv container contract: listen on 0.0.0.0:8000 unless PORT or --urls says otherwise.</summary>
    public static WebApplicationBuilder AddEnvServerHosting(this WebApplicationBuilder builder)
    {
        DotEnvFile.AddTo(builder.Configuration);
        var options = ServerOptionsReader.Read(builder.Configuration);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(new LargeBodyGate(options.MaxConcurrentLargeBodies));
        builder.Services.AddSingleton(services => new WebSocketLimits(options.MaxMessageBytes, options.WsMaxQueuedBytes, services.GetRequiredService<LargeBodyGate>()));

        // ASP.NET Core's request log prints each URL with its query string, where a WebSocket may carry api_key.
        if (options.ApiKey is not null) builder.Logging.AddFilter(RequestLogCategory, level => level >= LogLevel.Warning);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            var port = builder.Configuration["PORT"] ?? "8000";
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxMessageBytes);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        return builder;
    }

    public static WebApplicationBuilder AddEnvironments(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ => EnvironmentRegistry.CreateDefault());
        builder.Services.AddSingleton<EnvironmentCatalog>();
        builder.Services.AddSingleton<SessionManager>();
        builder.Services.AddSingleton<McpDispatcher>();
        builder.Services.AddHostedService<IdleSessionReaper>();
        return builder;
    }

    /// <summary>Errors that escape a handler become JSON, with the status Kestrel chose (413 for an oversized body).</summary>
    public static WebApplication UseJsonErrors(this WebApplication app)
    {
        app.UseExceptionHandler(errors => errors.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, detail) = error is BadHttpRequestException bad
                ? (bad.StatusCode, bad.Message)
                : (StatusCodes.Status500InternalServerError, "Internal server error");
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { detail });
        }));
        app.UseStatusCodePages(async status =>
        {
            if (status.HttpContext.Response.HasStarted || status.HttpContext.Response.ContentLength > 0) return;
            await status.HttpContext.Response.WriteAsJsonAsync(new { detail = $"{status.HttpContext.Request.Path}: {ReasonFor(status.HttpContext.Response.StatusCode)}" });
        });
        return app;
    }

    public static WebApplication UseEnvServerWebSockets(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        app.UseUpgradeCapture();
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = options.WsKeepAliveInterval,
            KeepAliveTimeout = options.WsKeepAliveTimeout,
        });
        app.UseLingeringClose();
        return app;
    }

    private static string ReasonFor(int status) => status switch
    {
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };
}
