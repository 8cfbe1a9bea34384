using Microsoft.Net.Http.Headers;

namespace EnvServer.Api.Limits;

/// <summary>
/// Lets at most MAX_CONCURRENT_LARGE_BODIES requests with a body over 64 KiB (or of unknown length: chunked) run at
/// once; the others wait, reading nothing, until one finishes or their client gives up. Twenty clients sending
/// 15 MiB bodies at once once made the server hold 700 MiB.
/// </summary>
internal static class LargeBodyLimiting
{
    public static WebApplication UseLargeBodyLimit(this WebApplication app)
    {
        var gate = app.Services.GetRequiredService<LargeBodyGate>();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var chunked = request.Headers.ContainsKey(HeaderNames.TransferEncoding);
            if (request.ContentLength is null && !chunked)
            {
                await next(context);
                return;
            }

            using var slot = await gate.EnterAsync(chunked ? null : request.ContentLength, context.RequestAborted);
            await next(context);
        });
        return app;
    }
}
