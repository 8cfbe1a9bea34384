using System.Text.Json;
using EnvServer.Api.Cli;
using EnvServer.Client;

namespace EnvServer.Training.Rollouts;

/// <summary>
/// N environment sessions over WebSocket, stepped concurrently, as Gymnasium's vector environments
/// with auto-reset: when an episode ends its session is reset at once (with the next seed of that
/// session's sequence), the final observation is kept for bootstrapping a truncated episode, and the
/// episode's statistics come from the server's own metadata (grader_score, in_range_pct, ...).
/// </summary>
internal sealed class EnvironmentVector : IAsyncDisposable
{
    /// <summary>Seeds of one session's episodes are seed + session·SeedStride + episode.</summary>
    private const long SeedStride = 1_000_000;

    private readonly EnvSession[] _sessions;
    private readonly IReadOnlyList<IReadOnlyDictionary<string, object?>> _resetOptions;
    private readonly long _seed;
    private readonly int[] _episodes;
    private readonly double[] _returns;
    private readonly int[] _lengths;

    private EnvironmentVector(EnvSession[] sessions, IReadOnlyList<IReadOnlyDictionary<string, object?>> resetOptions, long seed)
    {
        _sessions = sessions;
        _resetOptions = resetOptions;
        _seed = seed;
        _episodes = new int[sessions.Length];
        _returns = new double[sessions.Length];
        _lengths = new int[sessions.Length];
        Observations = new float[sessions.Length][];
        RawObservations = new JsonElement[sessions.Length];
    }

    public int Count => _sessions.Length;

    /// <summary>The current observation of each session, as its <c>features</c> vector.</summary>
    public float[][] Observations { get; }

    /// <summary>The current observation of each session as the server sent it (its action mask, and what the features leave out).</summary>
    public JsonElement[] RawObservations { get; }

    /// <summary>Steps taken in the session's current episode, 0 at its first observation (where a recurrent policy's
    /// memory starts afresh).</summary>
    public int EpisodeStep(int session) => _lengths[session];

    /// <summary>Connects <paramref name="count"/> sessions, spread over the servers in turn, and resets each.</summary>
    /// <param name="servers">Server base URLs (the environment's path is appended), of servers without an API key.</param>
    /// <param name="environmentId">e.g. <c>drug-dose</c>.</param>
    /// <param name="count">Sessions to open.</param>
    /// <param name="resetOptions">Reset kwargs of every episode (task_id, environment options); seeds are added.</param>
    /// <param name="seed">First seed of the run.</param>
    /// <param name="ct">Cancels connecting.</param>
    public static Task<EnvironmentVector> ConnectAsync(
        IReadOnlyList<Uri> servers, string environmentId, int count, IReadOnlyDictionary<string, object?> resetOptions, long seed, CancellationToken ct = default) =>
        ConnectAsync(servers, EnvSessionOptions.Default, environmentId, Enumerable.Repeat(resetOptions, count).ToArray(), seed, ct);

    /// <summary>Connects <paramref name="count"/> sessions to the run's servers, with their API key.</summary>
    public static Task<EnvironmentVector> ConnectAsync(
        ServerConnection servers, string environmentId, int count, IReadOnlyDictionary<string, object?> resetOptions, long seed, CancellationToken ct = default) =>
        ConnectAsync(servers.Urls, servers.SessionOptions, environmentId, Enumerable.Repeat(resetOptions, count).ToArray(), seed, ct);

    /// <summary>Connects one session per entry of <paramref name="resetOptions"/>, each resetting with its own options
    /// (training on pooled populations: session i draws its patients from cohort i mod k).</summary>
    public static Task<EnvironmentVector> ConnectAsync(
        ServerConnection servers, string environmentId, IReadOnlyList<IReadOnlyDictionary<string, object?>> resetOptions, long seed, CancellationToken ct = default) =>
        ConnectAsync(servers.Urls, servers.SessionOptions, environmentId, resetOptions, seed, ct);

    private static async Task<EnvironmentVector> ConnectAsync(
        IReadOnlyList<Uri> servers, EnvSessionOptions session, string environmentId, IReadOnlyList<IReadOnlyDictionary<string, object?>> resetOptions, long seed, CancellationToken ct)
    {
        var count = resetOptions.Count;
        var sessions = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            EnvSession.ConnectAsync(new Uri($"{servers[i % servers.Count].ToString().TrimEnd('/')}/envs/{environmentId}"), session, ct)));
        var vector = new EnvironmentVector(sessions, resetOptions, seed);
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => vector.ResetAsync(i, ct)));
        return vector;
    }

    /// <summary>Steps every session with its action; ended episodes are reset before this returns.</summary>
    public async Task<VectorStep> StepAsync(IReadOnlyList<object> actions, CancellationToken ct = default)
    {
        if (actions.Count != Count) throw new ArgumentException($"Expected {Count} actions, got {actions.Count}.", nameof(actions));
        var results = await Task.WhenAll(_sessions.Select((session, i) => session.StepAsync(actions[i], ct)));

        var step = new VectorStep(Count);
        var resets = new List<Task>();
        for (var i = 0; i < Count; i++)
        {
            var result = results[i];
            var reward = result.Reward ?? 0.0;
            step.Rewards[i] = (float)reward;
            step.Terminated[i] = result.Terminated;
            step.Truncated[i] = result.Truncated;
            _returns[i] += reward;
            _lengths[i]++;
            step.Results[i] = result;
            var observation = Features(result.Observation);
            if (!result.Done)
            {
                Observations[i] = observation;
                RawObservations[i] = result.Observation;
                continue;
            }

            step.FinalObservations[i] = observation;
            step.Episodes.Add(new EpisodeEnd(i, _returns[i], _lengths[i], result.Metadata.Clone()));
            var session = i;
            resets.Add(Task.Run(() => ResetAsync(session, ct), ct));
        }

        await Task.WhenAll(resets);
        return step;
    }

    /// <summary>Starts every session's seed sequence again, so repeated evaluations play the same episodes.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        Array.Clear(_episodes);
        await Task.WhenAll(Enumerable.Range(0, Count).Select(i => ResetAsync(i, ct)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions) await session.DisposeAsync();
    }

    /// <summary>The numeric vector learners use: the observation's <c>features</c> array.</summary>
    public static float[] Features(JsonElement observation)
    {
        if (!observation.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            throw new InvalidOperationException("The observation has no numeric 'features' vector for a learner.");
        var vector = new float[features.GetArrayLength()];
        var k = 0;
        foreach (var value in features.EnumerateArray()) vector[k++] = value.ValueKind == JsonValueKind.Number ? value.GetSingle() : 0f;
        return vector;
    }

    /// <summary>Starts the session's next episode and makes its first observation the session's current one.</summary>
    private async Task ResetAsync(int session, CancellationToken ct)
    {
        var kwargs = new Dictionary<string, object?>(_resetOptions[session]) { ["seed"] = _seed + session * SeedStride + _episodes[session]++ };
        _returns[session] = 0;
        _lengths[session] = 0;
        var result = await _sessions[session].ResetAsync(kwargs, ct);
        Observations[session] = Features(result.Observation);
        RawObservations[session] = result.Observation;
    }
}

/// <summary>One step of every session.</summary>
internal sealed class VectorStep(int count)
{
    public float[] Rewards { get; } = new float[count];

    public bool[] Terminated { get; } = new bool[count];

    public bool[] Truncated { get; } = new bool[count];

    /// <summary>The last observation of each episode that ended on this step (null elsewhere).</summary>
    public float[]?[] FinalObservations { get; } = new float[]?[count];

    /// <summary>Each session's reply as the server sent it (with the final observation where an episode ended), for recording.</summary>
    public StepResult[] Results { get; } = new StepResult[count];

    public List<EpisodeEnd> Episodes { get; } = [];
}

/// <summary>A finished episode: its undiscounted return, length and the server's final metadata.</summary>
internal sealed record EpisodeEnd(int Session, double Return, int Length, JsonElement Metadata)
{
    public double? GraderScore => Metadata.TryGetProperty("grader_score", out var score) && score.ValueKind == JsonValueKind.Number ? score.GetDouble() : null;

    /// <summary>The episode's seed as the server reports it.</summary>
    public long? Seed => Metadata.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number ? seed.GetInt64() : null;
}
