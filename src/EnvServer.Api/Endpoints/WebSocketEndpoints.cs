using System.Net.WebSockets;
using System.Text.Json;
using EnvServer.Api.Hosting;
using EnvServer.Api.Limits;
using EnvServer.Api.Mcp;
using EnvServer.Api.Protocol;
using EnvServer.Api.Sessions;
using EnvServer.Api.WebSockets;
using EnvServer.Environments.Core;
using Microsoft.Extensions.Options;

namespace EnvServer.Api.Endpoints;

/// <summary>
/// GET /ws (OpenEnv's session protocol) and GET /mcp upgraded to a WebSocket (raw JSON-RPC frames):
/// one environment session per connection. The upgrade is always accepted first, so a full server
/// answers with a CAPACITY_REACHED frame, which clients report, rather than an HTTP 503, then a normal close (1000) as
/// OpenEnv's reference, so that its client reports the error frame and not a ConnectionClosedError.
/// </summary>
internal static class WebSocketEndpoints
{
    public static RouteGroupBuilder MapWebSocketEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/ws", (HttpContext context, EnvironmentCatalog catalog, SessionManager sessions, McpDispatcher mcp, IOptions<ServerOptions> options, ILogger<WebSocketConnection> logger) =>
                RunAsync(context, catalog, sessions, options.Value, logger, (served, session) => new OpenEnvFrameHandler(served, session, mcp)))
            .ExcludeFromDescription();
        group.MapGet("/mcp", (HttpContext context, EnvironmentCatalog catalog, SessionManager sessions, McpDispatcher mcp, IOptions<ServerOptions> options, ILogger<WebSocketConnection> logger) =>
                RunAsync(context, catalog, sessions, options.Value, logger, (served, session) => new McpFrameHandler(served, session, mcp)))
            .ExcludeFromDescription();
        return group;
    }

    private static async Task<IResult> RunAsync(
        HttpContext context, EnvironmentCatalog catalog, SessionManager sessions, ServerOptions options, ILogger logger,
        Func<ServedEnvironment, Session, IFrameHandler> handlerFor)
    {
        if (EnvironmentRoute.Resolve(context, catalog, out var notFound) is not { } served) return notFound!;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return HttpReplies.Detail(StatusCodes.Status400BadRequest,
                $"{context.Request.Path} is a WebSocket endpoint: connect with a WebSocket client (ws://host:port{context.Request.Path}).");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var opening = sessions.Open(served.Spec, SessionKind.WebSocket, ClientAddress.Of(context));
        if (opening is not SessionOpening.Opened { Session: var session })
        {
            await RefuseAsync(socket, opening);
            return Results.Empty;
        }

        using var rate = new ConnectionRateLimiter(options.MaxMessagesPerSecond);
        var connection = new WebSocketConnection(socket, handlerFor(served, session), context.RequestServices.GetRequiredService<WebSocketLimits>(), rate, logger);
        session.CloseRequested = connection.RequestClose;
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            sessions.Close(session);
        }

        return Results.Empty;
    }

    /// <summary>One error frame, then close: OpenEnv's behaviour at capacity, at the client's quota, or when the factory fails.</summary>
    private static async Task RefuseAsync(WebSocket socket, SessionOpening opening)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            switch (opening)
            {
                case SessionOpening.AtCapacity full:
                    WsFrames.WriteError(writer, WsErrorCode.CapacityReached, full.Message, w =>
                    {
                        w.WriteNumber("active_sessions", full.Active);
                        w.WriteNumber("max_sessions", full.Max);
                    });
                    break;
                case SessionOpening.ClientQuotaReached quota:
                    WsFrames.WriteError(writer, WsErrorCode.CapacityReached, quota.Message, w => w.WriteNumber("max_sessions_per_client", quota.Quota));
                    break;
                case SessionOpening.FactoryFailed failed:
                    WsFrames.WriteError(writer, WsErrorCode.FactoryError, failed.Message, w => w.WriteString("factory_name", failed.FactoryName));
                    break;
            }
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, opening is SessionOpening.FactoryFailed ? "Factory error" : "Server at capacity", timeout.Token);
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            // The client left before hearing why.
        }
    }
}
