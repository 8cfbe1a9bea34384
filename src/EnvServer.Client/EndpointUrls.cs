namespace EnvServer.Client;

/// <summary>
/// Turns an environment's base URL (<c>http://host:8000</c> or <c>http://host:8000/envs/drug-dose</c>)
/// into the addresses the client calls.
/// </summary>
internal static class EndpointUrls
{
    private const string EnvsSegment = "/envs/";

    /// <summary>
    /// http→ws, https→wss, and <c>/ws</c> appended as the OpenEnv client does. A ws(s) URL that already
    /// ends in <c>/ws</c> is taken as the full endpoint, so callers may pass either form.
    /// </summary>
    public static Uri ToWebSocket(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri) throw new ArgumentException($"'{baseUrl}' is not an absolute URL.", nameof(baseUrl));

        var scheme = baseUrl.Scheme switch
        {
            "http" or "ws" => "ws",
            "https" or "wss" => "wss",
            _ => throw new ArgumentException($"'{baseUrl}' must be an http, https, ws or wss URL.", nameof(baseUrl)),
        };
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        var isWebSocketUrl = baseUrl.Scheme is "ws" or "wss";
        if (!(isWebSocketUrl && path.EndsWith("/ws", StringComparison.Ordinal))) path += "/ws";
        return new UriBuilder(baseUrl) { Scheme = scheme, Path = path, Query = "", Fragment = "" }.Uri;
    }

    /// <summary>The base with a trailing slash, so relative paths such as <c>step</c> append to it.</summary>
    public static Uri AsDirectory(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri) throw new ArgumentException($"'{baseUrl}' is not an absolute URL.", nameof(baseUrl));
        var path = baseUrl.AbsolutePath.TrimEnd('/') + "/";
        return new UriBuilder(baseUrl) { Path = path, Query = "", Fragment = "" }.Uri;
    }

    /// <summary>The server root: the base without a trailing <c>/envs/{id}</c>, where <c>/envs</c> lives.</summary>
    public static Uri ServerRoot(Uri baseUrl)
    {
        var directory = AsDirectory(baseUrl);
        var path = directory.AbsolutePath.TrimEnd('/');
        var envs = path.LastIndexOf(EnvsSegment, StringComparison.Ordinal);
        var isEnvironmentBase = envs >= 0 && path.IndexOf('/', envs + EnvsSegment.Length) < 0;
        var root = isEnvironmentBase ? path[..envs] : path;
        return new UriBuilder(directory) { Path = root + "/" }.Uri;
    }
}
