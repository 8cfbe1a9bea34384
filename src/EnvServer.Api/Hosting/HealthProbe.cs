namespace EnvServer.Api.Hosting;

/// <summary>
/// <c>EnvServer.Api --health-check</c>: GET /health on the local server and exit 0 if it answers
/// 200. The Dockerfile's HEALTHCHECK uses it because the runtime image ships no curl or wget.
/// </summary>
internal static class HealthProbe
{
    public const string Flag = "--health-check";

    public static async Task<int> RunAsync()
    {
        var port = Environment.GetEnvironmentVariable("PORT") ?? "8000";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/health");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
