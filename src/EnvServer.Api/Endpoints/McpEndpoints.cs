using System.Text.Json;
using EnvServer.Api.Mcp;
using EnvServer.Api.Protocol;
using EnvServer.Api.Sessions;
using EnvServer.Environments.Core;

namespace EnvServer.Api.Endpoints;

/// <summary>POST /mcp: MCP JSON-RPC 2.0 over HTTP. Always HTTP 200, errors in the JSON-RPC body.</summary>
internal static class McpEndpoints
{
    public static RouteGroupBuilder MapMcpEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/mcp", HandleAsync)
            .WithSummary("MCP JSON-RPC 2.0: initialize, tools/list, tools/call, openenv/session/create|close");
        return group;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, EnvironmentCatalog catalog, McpDispatcher mcp)
    {
        if (EnvironmentRoute.Resolve(context, catalog, out var notFound) is not { } served) return notFound!;
        using var body = await RequestBody.ReadJsonAsync(context.Request);

        // A body the transport refused (too large) is an HTTP error; only what reached JSON-RPC is answered in it.
        if (body is { Error: { } refused, ErrorStatus: not StatusCodes.Status422UnprocessableEntity }) return HttpReplies.Invalid([refused], body.ErrorStatus);
        if (body.Root is not { } request)
        {
            return new WireResult(StatusCodes.Status200OK, w =>
                McpDispatcher.WriteError(w, default, JsonRpcError.ParseError, $"Parse error: {body.Error?.Message ?? "empty body"}"));
        }

        var output = new System.Buffers.ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(output, WireJson.WriterOptions))
        {
            await mcp.HandleAsync(served, request, ClientAddress.Of(context), writer);
        }

        return new WireResult(StatusCodes.Status200OK, w => w.WriteRawValue(output.WrittenSpan, skipInputValidation: true));
    }
}
