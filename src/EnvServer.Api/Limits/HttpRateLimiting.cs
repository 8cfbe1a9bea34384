using System.Threading.RateLimiting;
using EnvServer.Api.Endpoints;
using EnvServer.Api.Hosting;
using EnvServer.Api.Sessions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EnvServer.Api.Limits;

/// <summary>
/// ASP.NET Core's rate limiter over every HTTP request. Every request draws on its client address's
/// MAX_REQUESTS_PER_SECOND_PER_CLIENT; a request naming a live session (X-Session-Id) draws on that session's
/// MAX_MESSAGES_PER_SECOND as well, like a WebSocket connection. The session bucket only ever adds a limit: naming
/// live sessions never buys a client more requests (it once did, on any endpoint). Refused: 429 with Retry-After and
/// a JSON detail naming the limit that was hit.
/// </summary>
internal static class HttpRateLimiting
{
    public static WebApplicationBuilder AddHttpRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<ServerOptions>>((limiter, server) =>
        {
            var options = server.Value;
            var perClient = PartitionedRateLimiter.Create<HttpContext, string>(context => ClientPartition(context, options));
            var perSession = PartitionedRateLimiter.Create<HttpContext, string>(context => SessionPartition(context, options));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(perClient, perSession);
            limiter.OnRejected = (rejected, cancellation) => RejectAsync(rejected, options, perClient, cancellation);
        });
        return builder;
    }

    public static WebApplication UseHttpRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<string> ClientPartition(HttpContext context, ServerOptions options) =>
        options.MaxRequestsPerSecondPerClient > 0
            ? RateLimitPartition.GetTokenBucketLimiter("client " + context.Connection.RemoteIpAddress, _ => MessageRate.Bucket(options.MaxRequestsPerSecondPerClient, autoReplenishment: false))
            : RateLimitPartition.GetNoLimiter("client");

    /// <summary>A made-up session id names no live session, so it adds nothing.</summary>
    private static RateLimitPartition<string> SessionPartition(HttpContext context, ServerOptions options) =>
        options.MaxMessagesPerSecond > 0 && SessionOf(context) is { } session
            ? RateLimitPartition.GetTokenBucketLimiter("session " + session.Id, _ => MessageRate.Bucket(options.MaxMessagesPerSecond, autoReplenishment: false))
            : RateLimitPartition.GetNoLimiter("no session");

    private static Session? SessionOf(HttpContext context) =>
        context.Request.Headers.TryGetValue(WireResult.SessionHeader, out var id)
            ? context.RequestServices.GetRequiredService<SessionManager>().Find(id.ToString())
            : null;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, ServerOptions options, PartitionedRateLimiter<HttpContext> perClient, CancellationToken cancellation)
    {
        var context = rejected.HttpContext;
        var seconds = MessageRate.RetryAfterSeconds(rejected.Lease);

        // The chained limiter does not say which bucket was empty: the client's is, when it has no permit left.
        var clientEmpty = options.MaxRequestsPerSecondPerClient > 0 && perClient.GetStatistics(context)?.CurrentAvailablePermits <= 0;
        var (limit, name) = clientEmpty
            ? (options.MaxRequestsPerSecondPerClient, "MAX_REQUESTS_PER_SECOND_PER_CLIENT")
            : (options.MaxMessagesPerSecond, "MAX_MESSAGES_PER_SECOND per session");
        context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new { detail = $"Rate limit exceeded: at most {limit} requests per second ({name}). Retry after {seconds} s." }, cancellation);
    }
}
