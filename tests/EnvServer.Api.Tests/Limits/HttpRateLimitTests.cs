using System.Globalization;
using System.Net;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Limits;

/// <summary>The HTTP rate limits: per session (X-Session-Id of a live session) and per client address otherwise; 429 with Retry-After.</summary>
public sealed class HttpRateLimitTests
{
    private const int Limit = 2;
    private const int Burst = 20;

    [Fact]
    public async Task SessionSteps_OverLimit_Are429WithRetryAfterAndOtherSessionUnaffected()
    {
        await using var server = new ServerHost(new Dictionary<string, string>
        {
            ["MAX_MESSAGES_PER_SECOND"] = Limit.ToString(CultureInfo.InvariantCulture),
        });
        var greedy = await HttpExchange.PostAsync(server.Http, "/reset", "{}", HttpExchange.NewSession);
        var quiet = await HttpExchange.PostAsync(server.Http, "/reset", "{}", HttpExchange.NewSession);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < Burst; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/step") { Content = new StringContent("""{"action":{"dose":0.5}}""", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add(HttpExchange.SessionHeader, greedy.SessionId);
            var response = await server.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused ??= response;
            else response.Dispose();
        }

        var quietStep = await HttpExchange.PostAsync(server.Http, "/step", """{"action":{"dose":0.5}}""", quiet.SessionId);

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        // The burst, plus at most a few refilled while the requests ran.
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), Limit, Limit + 8);
        Assert.NotNull(refused);
        Assert.True(int.Parse(refused!.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) >= 1);
        var detail = WireAssert.Parse(await refused.Content.ReadAsStringAsync()).GetProperty("detail").GetString();
        Assert.Contains("MAX_MESSAGES_PER_SECOND", detail);
        refused.Dispose();
        Assert.Equal(HttpStatusCode.OK, quietStep.Status);
    }

    [Fact]
    public async Task RequestsWithoutSession_OverClientLimit_Are429EvenWithForgedSessionIds()
    {
        await using var server = new ServerHost(new Dictionary<string, string>
        {
            ["MAX_REQUESTS_PER_SECOND_PER_CLIENT"] = Limit.ToString(CultureInfo.InvariantCulture),
        });

        var exchanges = new List<HttpExchange>();
        for (var i = 0; i < Burst; i++)
        {
            // A made-up id names no live session, so each request still draws on the client's bucket.
            exchanges.Add(await HttpExchange.GetAsync(server.Http, "/metadata", sessionId: Guid.NewGuid().ToString()));
        }

        var statuses = exchanges.Select(e => e.Status).ToList();
        var limited = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        Assert.InRange(limited, Burst - Limit - 8, Burst - Limit);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        var refused = exchanges.First(e => e.Status == HttpStatusCode.TooManyRequests);
        Assert.Contains("MAX_REQUESTS_PER_SECOND_PER_CLIENT", WireAssert.Detail(refused, HttpStatusCode.TooManyRequests));
    }

    /// <summary>Issue 17, defect 3: ten live session ids once bought 30 bandit POSTs in 0.04 s against a limit of 5/s.</summary>
    [Fact]
    public async Task ClientLimit_RequestsNamingLiveSessions_StillChargedToClient()
    {
        await using var server = new ServerHost(new Dictionary<string, string>
        {
            ["MAX_REQUESTS_PER_SECOND_PER_CLIENT"] = "5",
            ["BANDIT_MAX_ORACLES_PER_CLIENT"] = "100",
        });
        var sessions = new List<string>();
        for (var i = 0; sessions.Count < 10; i++)
        {
            var reset = await HttpExchange.PostAsync(server.Http, "/reset", "{}");
            if (reset.Status == HttpStatusCode.OK) sessions.Add(reset.SessionId!);
            else await Task.Delay(250);
        }

        var statuses = new List<HttpStatusCode>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 30; i++)
        {
            var post = await HttpExchange.PostAsync(server.Http, "/bandit/datasets", """{"n_rx": 10, "n_combinations": 20, "n_patterns": 1, "mean_rx": 2}""", sessions[i % sessions.Count]);
            statuses.Add(post.Status);
        }

        // A burst of 5, plus 5 a second while the requests ran (however slow the machine).
        var allowedAtMost = 5 + (int)Math.Ceiling(5 * clock.Elapsed.TotalSeconds) + 1;
        var created = statuses.Count(s => s == HttpStatusCode.Created);
        Assert.True(created <= allowedAtMost, $"{created} of 30 requests over a 5/s client limit went through in {clock.Elapsed.TotalSeconds:F2} s: {string.Join(", ", statuses)}");
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.TooManyRequests }));
    }

    [Fact]
    public async Task DefaultLimits_HundredsOfSessionRequests_NoneRefused()
    {
        await using var server = new ServerHost();
        var reset = await HttpExchange.PostAsync(server.Http, "/reset", """{"max_steps":1000}""", HttpExchange.NewSession);

        var steps = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 50; i++) statuses.Add((await HttpExchange.GetAsync(server.Http, "/state", reset.SessionId)).Status);
            return statuses;
        }));

        Assert.All(steps.SelectMany(s => s), s => Assert.Equal(HttpStatusCode.OK, s));
    }
}
