using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EnvServer.Tools.Soak;

/// <summary>
/// One client on the HTTP session API (/envs/{env}/reset, /step, /state, /close with X-Session-Id): episodes with
/// random actions, plus invalid requests (bad JSON, wrong types, forged session ids, missing key, oversize bodies).
/// </summary>
internal sealed class HttpSoakClient(HttpClient http, string env, string? apiKey, SoakOptions options, SoakTally tally, Random random)
{
    private const string SessionHeader = "X-Session-Id";

    /// <summary>Chance per request of closing the session and opening a new one.</summary>
    private const double ReopenChance = 0.002;

    public async Task RunAsync(CancellationToken stop)
    {
        string? session = null;
        var needReset = true;
        while (await SoakTraffic.PauseAsync(options.ThinkTime * (2 * random.NextDouble()), stop))
        {
            if (session is not null && random.NextDouble() < ReopenChance)
            {
                await SendAsync(HttpMethod.Post, "close", null, session, valid: true);
                (session, needReset) = (null, true);
                continue;
            }

            if (needReset)
            {
                // The bare /reset is stateless: "new" asks for a session.
                var reset = await SendAsync(HttpMethod.Post, "reset", $$"""{"seed":{{random.Next()}}}""", session ?? "new", valid: true);
                if (reset.Status == HttpStatusCode.OK) (session, needReset) = (reset.Session ?? session, false);
                else if (reset.Status == HttpStatusCode.NotFound) session = null;
                continue;
            }

            if (random.NextDouble() < options.InvalidShare)
            {
                var invalid = await SendInvalidAsync(session!);
                if (invalid is { Status: HttpStatusCode.OK, Done: true }) needReset = true;
                continue;
            }

            if (random.Next(20) == 0)
            {
                await SendAsync(HttpMethod.Get, "state", null, session, valid: true);
                continue;
            }

            var step = await SendAsync(HttpMethod.Post, "step", $$$"""{"action":{{{SoakTraffic.ValidAction(env, random)}}}}""", session, valid: true);
            if (step.Status == HttpStatusCode.OK) needReset = step.Done;
            else if (step.Status == HttpStatusCode.NotFound) (session, needReset) = (null, true);
        }

        if (session is not null) await SendAsync(HttpMethod.Post, "close", null, session, valid: true);
    }

    private Task<Answer> SendInvalidAsync(string session) => random.Next(9) switch
    {
        0 => SendAsync(HttpMethod.Post, "step", """{"action":{"dose":""", session, valid: false),
        1 => SendAsync(HttpMethod.Post, "step", $$$"""{"action":{{{SoakTraffic.InvalidAction(env, random)}}}}""", session, valid: false),
        2 => SendAsync(HttpMethod.Post, "step", """{"action":[1,2]}""", session, valid: false),
        3 => SendAsync(HttpMethod.Post, "step", $$$"""{"action":{{{SoakTraffic.ValidAction(env, random)}}}}""", Guid.NewGuid().ToString(), valid: false),
        4 => SendAsync(HttpMethod.Get, "state", null, "not-a-session", valid: false),
        5 when apiKey is not null => SendAsync(HttpMethod.Post, "step", $$$"""{"action":{{{SoakTraffic.ValidAction(env, random)}}}}""", session, valid: false, withKey: false),
        6 when random.Next(10) == 0 => SendAsync(HttpMethod.Post, "step", SoakTraffic.Oversize(options.OversizeMessageBytes), session, valid: false),
        7 => SendAsync(HttpMethod.Post, "mcp", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"fly"},"id":1}""", null, valid: false),
        _ => SendAsync(HttpMethod.Post, "reset", """{"seed":-1}""", session, valid: false),
    };

    private async Task<Answer> SendAsync(HttpMethod method, string path, string? body, string? session, bool valid, bool withKey = true)
    {
        using var request = new HttpRequestMessage(method, $"envs/{env}/{path}");
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (session is not null) request.Headers.Add(SessionHeader, session);
        if (withKey && apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            tally.Count($"http {status}");
            if (valid && status != 200) tally.Fail($"http valid {path} answered {status}");
            var done = false;
            if (status == 200 && path is "step" or "reset")
            {
                using var json = JsonDocument.Parse(text);
                done = json.RootElement.TryGetProperty("done", out var d) && d.GetBoolean();
                if (path == "step") tally.Step(done);
            }

            var id = response.Headers.TryGetValues(SessionHeader, out var ids) ? ids.First() : null;
            return new Answer(response.StatusCode, id, done);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            tally.Fail($"http {path}: {error.GetType().Name}");
            return new Answer(0, null, false);
        }
    }

    private readonly record struct Answer(HttpStatusCode Status, string? Session, bool Done);
}
