using EnvServer.Api.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EnvServer.Api.Security;

/// <summary>
/// Refuses (403) what a web page of another origin could make a visitor's browser send to this server: WebSocket
/// upgrades (browsers apply no same-origin rule to them) and POST, PUT, PATCH or DELETE requests (a text/plain or form
/// POST is a "simple request" that browsers send without asking). Allowed: the server's own pages (the web console:
/// its Origin is this server's scheme://host), the origins in ALLOWED_ORIGINS, and requests without an Origin header,
/// which is what curl, Python and .NET clients send. Without this, any page a user visits could open sessions and
/// draw data sets on a keyless server on their machine.
/// </summary>
internal static class OriginCheck
{
    public static WebApplication UseOriginCheck(this WebApplication app)
    {
        var allowed = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.AllowedOrigins;
        var any = allowed.Contains("*");
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (any || !request.Headers.TryGetValue(HeaderNames.Origin, out var values)) return next(context);
            if (!context.WebSockets.IsWebSocketRequest && !ChangesState(request.Method)) return next(context);

            var origin = values.ToString().TrimEnd('/');
            var own = $"{request.Scheme}://{request.Host}";
            if (string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) || allowed.Contains(origin, StringComparer.OrdinalIgnoreCase)) return next(context);
            return RefuseAsync(context, origin);
        });
        return app;
    }

    private static bool ChangesState(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static async Task RefuseAsync(HttpContext context, string origin)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var shown = Validation.Echo.Text(origin);
        await context.Response.WriteAsJsonAsync(new
        {
            detail = $"Cross-origin request refused: a page from '{shown}' may not use this server. Add the origin to ALLOWED_ORIGINS to allow it.",
        });
    }
}
