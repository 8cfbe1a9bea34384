using System.Net.Http.Json;
using System.Text.Json;
using EnvServer.Api.Cli;
using EnvServer.Client;

namespace EnvServer.Training.Bandit;

/// <summary>What the learner may know of a data set: its size, its danger threshold, the combinations' drugs.</summary>
internal sealed record BanditDataset(string DatasetId, long Seed, int NRx, int NCombinations, int NPatterns, double NoiseStd, double DangerousThreshold);

/// <summary>The server's grade of a set of flagged combinations.</summary>
internal sealed record BanditScore(double Precision, double Recall, double PatternsFound, int Flagged, int TruePositives, int Dangerous);

/// <summary>
/// One oracle of the server's /bandit/datasets API: the bandit's only access to the data, over HTTP as
/// every learner of this project reaches its environment over the wire. Disposing closes the oracle.
/// </summary>
internal sealed class BanditOracleClient : IAsyncDisposable
{
    private const int MaxObservationsPerRequest = 10_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http;
    private readonly Uri _oracle;

    private BanditOracleClient(HttpClient http, Uri oracle, BanditDataset dataset)
    {
        _http = http;
        _oracle = oracle;
        Dataset = dataset;
    }

    public BanditDataset Dataset { get; }

    /// <summary>POST /bandit/datasets with the generator's settings (wire names: seed, n_rx, n_combinations, ...).</summary>
    public static async Task<BanditOracleClient> CreateAsync(ServerConnection servers, IReadOnlyDictionary<string, object> settings, CancellationToken ct)
    {
        var server = servers.Urls[0];
        var http = servers.CreateHttpClient(server, TimeSpan.FromMinutes(5));
        var dataset = await SendAsync<BanditDataset>(http, HttpMethod.Post, "/bandit/datasets", settings, ct);
        return new BanditOracleClient(http, new Uri(server, $"/bandit/datasets/{dataset.DatasetId}/"), dataset);
    }

    public async Task<int[][]> CombinationsAsync(CancellationToken ct) =>
        (await SendAsync<JsonElement>(_http, HttpMethod.Get, new Uri(_oracle, "combinations").AbsoluteUri, null, ct)).GetProperty("combinations").Deserialize<int[][]>()!;

    /// <summary>The hidden patterns, read only to score the model's verdict on them.</summary>
    public async Task<int[][]> PatternsAsync(CancellationToken ct) =>
        (await SendAsync<JsonElement>(_http, HttpMethod.Get, new Uri(_oracle, "patterns").AbsoluteUri, null, ct)).GetProperty("patterns").Deserialize<int[][]>()!;

    /// <summary>Noisy relative risks of the combinations, in order.</summary>
    public async Task<double[]> ObserveAsync(IReadOnlyList<int> combinations, CancellationToken ct)
    {
        var risks = new List<double>(combinations.Count);
        foreach (var chunk in combinations.Chunk(MaxObservationsPerRequest))
        {
            var reply = await SendAsync<JsonElement>(_http, HttpMethod.Post, new Uri(_oracle, "observe").AbsoluteUri, new { combinations = chunk }, ct);
            risks.AddRange(reply.GetProperty("relative_risks").Deserialize<double[]>()!);
        }

        return [.. risks];
    }

    public Task<BanditScore> ScoreAsync(IReadOnlyCollection<int> flaggedCombinations, IReadOnlyCollection<int> flaggedPatterns, CancellationToken ct) =>
        SendAsync<BanditScore>(_http, HttpMethod.Post, new Uri(_oracle, "score").AbsoluteUri,
            new { flagged_combinations = flaggedCombinations, flagged_patterns = flaggedPatterns }, ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var closed = await _http.DeleteAsync(_oracle.AbsoluteUri.TrimEnd('/'));
        }
        catch (HttpRequestException)
        {
            // The server is gone; its oracle went with it.
        }

        _http.Dispose();
    }

    private static async Task<T> SendAsync<T>(HttpClient http, HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            JsonElement detail = default;
            if (text.StartsWith('{'))
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.TryGetProperty("detail", out var d)) detail = d.Clone();
            }

            throw new EnvHttpException(response.StatusCode, path, detail, text);
        }

        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
