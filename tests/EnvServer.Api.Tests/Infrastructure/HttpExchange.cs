using System.Net;
using System.Text;
using System.Text.Json;

namespace EnvServer.Api.Tests.Infrastructure;

/// <summary>One HTTP request and its whole answer: status, raw body, JSON (when it is JSON) and the session header.</summary>
public sealed record HttpExchange(HttpStatusCode Status, string Body, string? ContentType, string? SessionId)
{
    public const string SessionHeader = "X-Session-Id";

    /// <summary>The <see cref="SessionHeader"/> value with which POST /reset opens an HTTP session (bare calls are stateless).</summary>
    public const string NewSession = "new";

    /// <summary>The body as JSON; fails the test if it is not.</summary>
    public JsonElement Json => WireAssert.Parse(Body);

    /// <summary>POST with a raw text body (null sends no body at all), optionally naming a session.</summary>
    public static async Task<HttpExchange> PostAsync(HttpClient http, string path, string? body, string? sessionId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await SendAsync(http, request, sessionId);
    }

    public static async Task<HttpExchange> GetAsync(HttpClient http, string path, string? sessionId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(http, request, sessionId);
    }

    private static async Task<HttpExchange> SendAsync(HttpClient http, HttpRequestMessage request, string? sessionId)
    {
        if (sessionId is not null) request.Headers.Add(SessionHeader, sessionId);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var header = response.Headers.TryGetValues(SessionHeader, out var values) ? values.Single() : null;
        return new HttpExchange(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, header);
    }
}
