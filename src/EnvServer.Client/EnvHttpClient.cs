using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Client;

/// <summary>
/// The server's HTTP API for one environment base URL (<c>http://host:8000</c> or
/// <c>http://host:8000/envs/drug-dose</c>). Reset asks for an HTTP session (<c>X-Session-Id: new</c>; the server's
/// bare /reset and /step are stateless, as OpenEnv's), and episodes are continued by the <c>X-Session-Id</c> it returns. The <see cref="HttpClient"/> is the caller's, so its lifetime and handler are too; the API key is
/// set on each request rather than on the client's default headers, so a shared client is left as it was.
/// </summary>
public sealed class EnvHttpClient
{
    /// <summary>The header that names an HTTP session.</summary>
    public const string SessionIdHeader = "X-Session-Id";

    /// <summary>The <see cref="SessionIdHeader"/> value with which POST /reset opens a new HTTP session.</summary>
    public const string NewSession = "new";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient http;
    private readonly Uri baseUrl;
    private readonly Uri rootUrl;
    private readonly AuthenticationHeaderValue? authorization;

    /// <param name="http">The caller's client.</param>
    /// <param name="baseUrl">The server root or one environment's base.</param>
    /// <param name="apiKey">The server's API key, sent as <c>Authorization: Bearer &lt;key&gt;</c>; none for servers without API_KEY.</param>
    public EnvHttpClient(HttpClient http, Uri baseUrl, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        this.http = http;
        authorization = string.IsNullOrEmpty(apiKey) ? null : new AuthenticationHeaderValue("Bearer", apiKey);
        this.baseUrl = EndpointUrls.AsDirectory(baseUrl);
        rootUrl = EndpointUrls.ServerRoot(baseUrl);
    }

    /// <summary><c>GET /health</c>: <c>{"status":"healthy","active_sessions":n,"max_sessions":m}</c>.</summary>
    public Task<JsonElement> HealthAsync(CancellationToken ct = default) => GetAsync(baseUrl, "health", null, ct);

    /// <summary><c>GET /metadata</c>: name, description, version and the rest of the environment's metadata.</summary>
    public Task<JsonElement> MetadataAsync(CancellationToken ct = default) => GetAsync(baseUrl, "metadata", null, ct);

    /// <summary><c>GET /schema</c>: the action, observation, state and reset JSON Schemas.</summary>
    public Task<JsonElement> SchemaAsync(CancellationToken ct = default) => GetAsync(baseUrl, "schema", null, ct);

    /// <summary><c>GET {root}/envs</c>: every environment the server hosts, with its tasks and schemas.</summary>
    public Task<JsonElement> ListEnvironmentsAsync(CancellationToken ct = default) => GetAsync(rootUrl, "envs", null, ct);

    /// <summary>
    /// <c>POST /reset</c> with <paramref name="kwargs"/> (names as on the wire) as the body. Without a
    /// <paramref name="sessionId"/> it asks the server for a new HTTP session (<c>X-Session-Id: new</c>); with one it
    /// resets that session, which spares a session slot per episode.
    /// </summary>
    public async Task<HttpResetResult> ResetAsync(object? kwargs = null, string? sessionId = null, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Post, new Uri(baseUrl, "reset"), sessionId ?? NewSession, JsonBody(kwargs, wrapAsAction: false));
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        var body = await ReadAsync(response, request, ct).ConfigureAwait(false);
        var result = StepResult.FromEnvelope(body);
        var id = response.Headers.TryGetValues(SessionIdHeader, out var values) ? values.FirstOrDefault() : null;
        id ??= result.GetString("metadata.session_id")
            ?? throw new InvalidDataException($"The reset reply from {request.RequestUri} carried no session id.");
        return new HttpResetResult(id, result);
    }

    /// <summary>
    /// <c>POST /step</c> with body <c>{"action":..}</c>. With a <paramref name="sessionId"/> the step continues
    /// that episode; without one the server runs it on a throwaway environment, as OpenEnv's stateless HTTP does.
    /// </summary>
    public async Task<StepResult> StepAsync(string? sessionId, object action, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        using var request = Request(HttpMethod.Post, new Uri(baseUrl, "step"), sessionId, JsonBody(action, wrapAsAction: true));
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        return StepResult.FromEnvelope(await ReadAsync(response, request, ct).ConfigureAwait(false));
    }

    /// <summary><c>GET /state</c> of the session's environment (a fresh one without <paramref name="sessionId"/>).</summary>
    public Task<JsonElement> StateAsync(string? sessionId, CancellationToken ct = default) => GetAsync(baseUrl, "state", sessionId, ct);

    /// <summary><c>POST /mcp</c>: a JSON-RPC 2.0 request; JSON-RPC errors come back in the response, with status 200.</summary>
    public async Task<JsonElement> McpAsync(JsonObject request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = Request(HttpMethod.Post, new Uri(baseUrl, "mcp"), null, JsonBody(request, wrapAsAction: false));
        using var response = await http.SendAsync(message, ct).ConfigureAwait(false);
        return await ReadAsync(response, message, ct).ConfigureAwait(false);
    }

    private async Task<JsonElement> GetAsync(Uri root, string path, string? sessionId, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, new Uri(root, path), sessionId, null);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        return await ReadAsync(response, request, ct).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(HttpMethod method, Uri url, string? sessionId, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = authorization;
        if (sessionId is not null) request.Headers.Add(SessionIdHeader, sessionId);
        return request;
    }

    private static ReadOnlyMemoryContent JsonBody(object? payload, bool wrapAsAction)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (wrapAsAction)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("action"u8);
                JsonPayload.Write(writer, payload);
                writer.WriteEndObject();
            }
            else
            {
                JsonPayload.Write(writer, payload);
            }
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpRequestMessage request, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw ToException(response, request, bytes);
        return JsonElement.Parse(bytes);
    }

    private static EnvHttpException ToException(HttpResponseMessage response, HttpRequestMessage request, byte[] bytes)
    {
        var body = Encoding.UTF8.GetString(bytes);
        JsonElement detail = default;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("detail"u8, out var d))
                detail = d.Clone();
        }
        catch (JsonException)
        {
            // Not JSON (a proxy page, plain-text 500): Body still carries it.
        }

        return new EnvHttpException(response.StatusCode, $"{request.Method} {request.RequestUri?.AbsolutePath}", detail, body);
    }
}
