using System.Net;
using System.Net.Http.Headers;
using EnvServer.Client;

namespace EnvServer.Api.Cli;

/// <summary>
/// The servers a command-line run talks to: those named by --server, or an embedded one started for the run. It
/// holds the API key of the named servers, so every session and HTTP request of the run carries it from here.
/// </summary>
public sealed class ServerConnection : IAsyncDisposable
{
    /// <summary>The environment variable of the key: the same name the server reads its own key from.</summary>
    public const string ApiKeyVariable = "API_KEY";

    private readonly EmbeddedServer? _embedded;
    private readonly string? _apiKey;
    private readonly HttpClient _http = new();

    private ServerConnection(IReadOnlyList<Uri> urls, EmbeddedServer? embedded, string? apiKey)
    {
        Urls = urls;
        _embedded = embedded;
        _apiKey = apiKey;
        SessionOptions = EnvSessionOptions.Default with { ApiKey = apiKey };
    }

    public IReadOnlyList<Uri> Urls { get; }

    public bool IsEmbedded => _embedded is not null;

    /// <summary>Settings of every WebSocket session the run opens: the default ones, with the servers' API key.</summary>
    public EnvSessionOptions SessionOptions { get; }

    /// <summary>The HTTP API at <paramref name="baseUrl"/> (a server root or an environment's base), sending the API key.</summary>
    public EnvHttpClient Http(Uri baseUrl) => new(_http, baseUrl, _apiKey);

    /// <summary>A client of its own (the caller disposes it) for HTTP APIs beyond <see cref="EnvHttpClient"/>'s, sending the API key.</summary>
    public HttpClient CreateHttpClient(Uri baseAddress, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
        if (_apiKey is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        return http;
    }

    /// <summary>The servers at <paramref name="urls"/> with the key of the API_KEY environment variable, or an embedded server.</summary>
    public static Task<ServerConnection> OpenAsync(IReadOnlyList<string> urls, CancellationToken ct = default) =>
        OpenAsync(urls, Environment.GetEnvironmentVariable(ApiKeyVariable), ct);

    /// <summary>
    /// The servers at <paramref name="urls"/>, each asked once for its environments so that a missing or wrong key
    /// stops the run before it starts; with no URL, an embedded server, which needs no key and is sent none.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">A server refused the key (or its absence); the message names API_KEY.</exception>
    public static async Task<ServerConnection> OpenAsync(IReadOnlyList<string> urls, string? apiKey, CancellationToken ct = default)
    {
        if (urls.Count == 0)
        {
            var embedded = await EmbeddedServer.StartAsync(ct);
            return new ServerConnection([embedded.Url], embedded, null);
        }

        var connection = new ServerConnection(urls.Select(u => new Uri(u)).ToArray(), null, string.IsNullOrEmpty(apiKey) ? null : apiKey);
        try
        {
            foreach (var url in connection.Urls) await connection.CheckAccessAsync(url, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task CheckAccessAsync(Uri url, CancellationToken ct)
    {
        try
        {
            await Http(url).ListEnvironmentsAsync(ct);
        }
        catch (EnvHttpException refused) when (refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new UnauthorizedAccessException(_apiKey is null
                ? $"{url} requires an API key: set the environment variable {ApiKeyVariable} to the server's key."
                : $"{url} refused the API key in the environment variable {ApiKeyVariable}: it is not the server's key.", refused);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_embedded is not null) await _embedded.DisposeAsync();
    }
}
