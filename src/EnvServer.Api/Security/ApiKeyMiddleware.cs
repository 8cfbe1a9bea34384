using EnvServer.Api.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EnvServer.Api.Security;

/// <summary>
/// With API_KEY set, refuses with 401 every request that does not present the key, before any endpoint
/// runs (so a WebSocket is refused before its upgrade, with a JSON body the client can show). Public:
/// GET/HEAD of the health probes, of Swagger UI and its document (they describe the API, hold no session
/// data, and Swagger UI's Authorize button then sends the key), and of the web console's static files.
/// </summary>
internal static class ApiKeyMiddleware
{
    /// <summary>Browsers cannot set headers on a WebSocket, so an upgrade may carry the key in the URL.</summary>
    public const string QueryParameter = "api_key";

    public static WebApplication UseApiKey(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.ApiKey is not { } key) return app;
        app.Use((context, next) =>
        {
            var candidate = Presented(context);
            if (!IsPublic(context.Request) && (candidate is null || !key.Matches(candidate))) return RefuseAsync(context, candidate is null);

            RemoveKeyFromQuery(context.Request);
            return next(context);
        });
        return app;
    }

    private static string? Presented(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            const string scheme = "Bearer ";
            return authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? authorization[scheme.Length..].Trim() : null;
        }

        return context.WebSockets.IsWebSocketRequest && request.Query.TryGetValue(QueryParameter, out var values) ? values.ToString() : null;
    }

    /// <summary>Later middleware (URL rewriting, at Debug level) logs the URL: the key it carried is gone by then.</summary>
    private static void RemoveKeyFromQuery(HttpRequest request)
    {
        if (!request.Query.ContainsKey(QueryParameter)) return;
        var rest = request.Query.Where(pair => pair.Key != QueryParameter).SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)));
        request.QueryString = QueryString.Create(rest);
    }

    private static bool IsPublic(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        var path = request.Path.Value ?? "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            [] => true,
            ["health" or "openapi.json"] => true,
            ["envs", _, "health" or "openapi.json"] => true,
            ["docs" or "console", ..] => true,
            _ => false,
        };
    }

    private static async Task RefuseAsync(HttpContext context, bool missing)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers[HeaderNames.WWWAuthenticate] = missing ? "Bearer realm=\"EnvServer\"" : "Bearer realm=\"EnvServer\", error=\"invalid_token\"";
        var detail = missing
            ? $"API key required: send the header 'Authorization: Bearer <API_KEY>' (a WebSocket may use the query parameter '{QueryParameter}=<API_KEY>' instead)."
            : "Invalid API key.";
        await context.Response.WriteAsJsonAsync(new { detail });
    }
}
