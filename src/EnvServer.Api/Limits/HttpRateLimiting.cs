using System.Threading.RateLimiting;
using EnvServer.Api.Endpoints;
using EnvServer.Api.Hosting;
using EnvServer.Api.Sessions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EnvServer.Api.Limits;

/// <summary>
/// ASP.NET Core's rate limiter over every HTTP request, partitioned by who is asking: a request naming a live
/// session (X-Session-Id) draws on that session's MAX_MESSAGES_PER_SECOND, like a WebSocket connection;
/// any other draws on its client address's MAX_REQUESTS_PER_SECOND_PER_CLIENT. A made-up session id names
/// no live session, so it cannot buy a fresh bucket. Refused: 429 with Retry-After and a JSON detail.
/// </summary>
internal static class HttpRateLimiting
{
    public static WebApplicationBuilder AddHttpRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<ServerOptions>>((limiter, server) =>
        {
            var options = server.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionOf(context, options));
            limiter.OnRejected = (rejected, cancellation) => RejectAsync(rejected, options, cancellation);
        });
        return builder;
    }

    public static WebApplication UseHttpRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<string> PartitionOf(HttpContext context, ServerOptions options)
    {
        if (SessionOf(context) is { } session)
        {
            return options.MaxMessagesPerSecond > 0
                ? RateLimitPartition.GetTokenBucketLimiter("session " + session.Id, _ => MessageRate.Bucket(options.MaxMessagesPerSecond, autoReplenishment: false))
                : RateLimitPartition.GetNoLimiter("session");
        }

        return options.MaxRequestsPerSecondPerClient > 0
            ? RateLimitPartition.GetTokenBucketLimiter("client " + context.Connection.RemoteIpAddress, _ => MessageRate.Bucket(options.MaxRequestsPerSecondPerClient, autoReplenishment: false))
            : RateLimitPartition.GetNoLimiter("client");
    }

    private static Session? SessionOf(HttpContext context) =>
        context.Request.Headers.TryGetValue(WireResult.SessionHeader, out var id)
            ? context.RequestServices.GetRequiredService<SessionManager>().Find(id.ToString())
            : null;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, ServerOptions options, CancellationToken cancellation)
    {
        var context = rejected.HttpContext;
        var seconds = MessageRate.RetryAfterSeconds(rejected.Lease);
        var (limit, name) = SessionOf(context) is not null
            ? (options.MaxMessagesPerSecond, "MAX_MESSAGES_PER_SECOND per session")
            : (options.MaxRequestsPerSecondPerClient, "MAX_REQUESTS_PER_SECOND_PER_CLIENT");
        context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new { detail = $"Rate limit exceeded: at most {limit} requests per second ({name}). Retry after {seconds} s." }, cancellation);
    }
}
