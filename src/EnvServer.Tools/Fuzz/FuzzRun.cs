using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace EnvServer.Tools.Fuzz;

/// <summary>How much to send, where, and from which seed. The server must be on loopback.</summary>
internal sealed record FuzzSettings(Uri Server, int Inputs, TimeSpan Duration, int Seed, int Workers = 8);

/// <summary>What a run found: a 5xx or an internal error is a server error; a neighbour whose episode changed is disturbed.</summary>
internal sealed class FuzzOutcome
{
    public int Sent;
    public int ServerErrors;
    public int DisturbedSessions;
    public int NeighbourEpisodes;
    public int WsCloses;
    public bool Healthy;
    public string Mutators = "";
    public TimeSpan Elapsed;
    public ConcurrentDictionary<string, int> ByTarget { get; } = new();
    public ConcurrentQueue<string> Samples { get; } = new();

    public bool Passed => ServerErrors == 0 && DisturbedSessions == 0 && Healthy;

    public void Write(TextWriter output)
    {
        output.WriteLine($"fuzz: {Sent} inputs in {Elapsed.TotalSeconds:F1} s ({Mutators}) over {ByTarget.Count} targets");
        foreach (var (target, count) in ByTarget.OrderBy(t => t.Key, StringComparer.Ordinal)) output.WriteLine($"  {count,7}  {target}");
        output.WriteLine($"5xx or internal errors: {ServerErrors}; disturbed neighbour sessions: {DisturbedSessions} (of {NeighbourEpisodes} neighbour episodes); WS closes by the server: {WsCloses}; server healthy after: {Healthy}");
        foreach (var sample in Samples.Take(50)) output.WriteLine("  " + sample);
    }
}

/// <summary>
/// The fuzz run: workers send mutated bodies and frames round-robin over every target (inputs dealt by index, so a run
/// is reproducible from its seed), while one well-behaved neighbour per environment replays a seeded episode on its
/// own WebSocket and must see the trajectory it saw playing solo before the fuzzing began. Ends at the input count or the duration, whichever first.
/// </summary>
internal static class FuzzRun
{
    private const int NeighbourSteps = 5;
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);

    public static async Task<FuzzOutcome> RunAsync(FuzzSettings settings, TextWriter log)
    {
        if (!settings.Server.IsLoopback) throw new ArgumentException($"The fuzzer only targets loopback servers, not {settings.Server}.");
        var outcome = new FuzzOutcome();
        using var http = new HttpClient { BaseAddress = settings.Server, Timeout = ReplyTimeout };
        var targets = await FuzzTargets.DiscoverAsync(http);
        var zzuf = Zzuf.Mutate([.. targets.SelectMany(t => t.Seeds).SelectMany(s => Enumerable.Repeat(s, 50))], settings.Seed);
        outcome.Mutators = zzuf is null ? "JSON-aware mutator; " + Zzuf.Describe() : "JSON-aware mutator and zzuf";

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(settings.Duration);
        using var fuzzDone = new CancellationTokenSource();
        var solo = await Task.WhenAll(FuzzTargets.Environments.Select(env => SoloReplayAsync(settings.Server, http, env)));
        var neighbours = solo.Select(replay => NeighbourAsync(replay, outcome, fuzzDone.Token)).ToArray();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, settings.Workers).Select(async _ =>
        {
            var sockets = new Dictionary<string, ClientWebSocket>();
            try
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < settings.Inputs && !stop.IsCancellationRequested)
                {
                    var target = targets[index % targets.Count];
                    var random = new Random(HashCode.Combine(settings.Seed, index));
                    var input = zzuf is not null && index % 4 == 3
                        ? zzuf[random.Next(zzuf.Count)]
                        : JsonMutator.Mutate(target.Seeds[random.Next(target.Seeds.Count)], random);
                    outcome.ByTarget.AddOrUpdate((target.WebSocket ? "WS " : "POST ") + Generic(target.Path), 1, (_, n) => n + 1);
                    Interlocked.Increment(ref outcome.Sent);
                    if (target.WebSocket) await SendFrameAsync(settings.Server, sockets, target.Path, input, outcome);
                    else await PostAsync(http, target.Path, input, random, outcome);
                }
            }
            finally
            {
                foreach (var socket in sockets.Values) socket.Abort();
            }
        }));
        outcome.Elapsed = clock.Elapsed;
        await fuzzDone.CancelAsync();
        await Task.WhenAll(neighbours);
        outcome.Healthy = await HealthyAsync(http);
        return outcome;
    }

    private static string Generic(string path) => path.StartsWith("/bandit/datasets/", StringComparison.Ordinal) ? "/bandit/datasets/{id}/" + path.Split('/')[^1] : path;

    private static async Task PostAsync(HttpClient http, string path, byte[] body, Random random, FuzzOutcome outcome)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", random.Next(8) == 0 ? "text/plain" : "application/json");
        try
        {
            using var response = await http.PostAsync(path, content);
            if ((int)response.StatusCode >= 500) ServerError(outcome, $"POST {path} → {(int)response.StatusCode}: {Short(await response.Content.ReadAsStringAsync())} for {Short(body)}");
            else if (path.EndsWith("/mcp", StringComparison.Ordinal) && (await response.Content.ReadAsStringAsync()).Contains("-32603", StringComparison.Ordinal))
                ServerError(outcome, $"POST {path} → JSON-RPC internal error for {Short(body)}");
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            ServerError(outcome, $"POST {path} → no answer ({error.GetType().Name}) for {Short(body)}");
        }
    }

    /// <summary>One frame, one reply; invalid UTF-8 goes as a binary frame (as text, the RFC has the server close, by design).</summary>
    private static async Task SendFrameAsync(Uri server, Dictionary<string, ClientWebSocket> sockets, string path, byte[] input, FuzzOutcome outcome)
    {
        if (!sockets.TryGetValue(path, out var socket) || socket.State != WebSocketState.Open)
        {
            socket?.Dispose();
            socket = new ClientWebSocket();
            await socket.ConnectAsync(WebSocketUri(server, path), CancellationToken.None);
            sockets[path] = socket;
        }

        var text = IsUtf8(input);
        try
        {
            await socket.SendAsync(input, text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            var reply = await ReceiveAsync(socket);
            if (reply is null)
            {
                Interlocked.Increment(ref outcome.WsCloses);
                return;
            }

            if (reply.Contains("\"Internal error", StringComparison.Ordinal) || reply.Contains("-32603", StringComparison.Ordinal))
                ServerError(outcome, $"WS {path} → {Short(reply)} for {Short(input)}");
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            ServerError(outcome, $"WS {path} → connection lost ({error.Message}) for {Short(input)}");
            socket.Abort();
        }
    }

    /// <summary>A neighbour's seeded episode (reset + steps) on its own WebSocket, and its replies played solo, before any fuzzing.</summary>
    private sealed record SoloReplay(string Env, ClientWebSocket Socket, string[] Script, List<string> Replies);

    private static async Task<SoloReplay> SoloReplayAsync(Uri server, HttpClient http, string env)
    {
        var action = await FuzzTargets.DefaultActionAsync(http, $"/envs/{env}");
        string[] script = ["""{"type":"reset","data":{"seed":7}}""", .. Enumerable.Repeat($$"""{"type":"step","data":{{action}}}""", NeighbourSteps)];
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(WebSocketUri(server, $"/envs/{env}/ws"), CancellationToken.None);
        return new SoloReplay(env, socket, script, await PlayAsync(socket, script));
    }

    private static async Task<List<string>> PlayAsync(ClientWebSocket socket, string[] script)
    {
        var replies = new List<string>();
        foreach (var message in script)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
            replies.Add(await ReceiveAsync(socket) ?? "closed");
        }

        return replies;
    }

    /// <summary>Replays the seeded episode for as long as the fuzz runs; each replay's trajectory must equal the solo one.</summary>
    private static async Task NeighbourAsync(SoloReplay solo, FuzzOutcome outcome, CancellationToken done)
    {
        using var socket = solo.Socket;
        try
        {
            do
            {
                var replay = await PlayAsync(socket, solo.Script);
                Interlocked.Increment(ref outcome.NeighbourEpisodes);
                if (Trajectory.Differ(solo.Replies, replay))
                {
                    Interlocked.Increment(ref outcome.DisturbedSessions);
                    outcome.Samples.Enqueue($"neighbour {solo.Env}: trajectory differs from its solo replay: {Short(string.Join(" | ", replay.Select(Trajectory.Of)))}");
                }
            }
            while (!done.IsCancellationRequested);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            Interlocked.Increment(ref outcome.DisturbedSessions);
            outcome.Samples.Enqueue($"neighbour {solo.Env}: connection lost ({error.Message})");
        }
    }

    private static async Task<bool> HealthyAsync(HttpClient http)
    {
        try
        {
            using var health = JsonDocument.Parse(await http.GetStringAsync("/health"));
            return health.RootElement.GetProperty("status").GetString() == "healthy";
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException)
        {
            return false;
        }
    }

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    private static Uri WebSocketUri(Uri server, string path) => new UriBuilder(new Uri(server, path)) { Scheme = "ws" }.Uri;

    private static bool IsUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static void ServerError(FuzzOutcome outcome, string what)
    {
        Interlocked.Increment(ref outcome.ServerErrors);
        if (outcome.Samples.Count < 50) outcome.Samples.Enqueue(what);
    }

    private static string Short(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private static string Short(byte[] bytes) => Short(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 400)));
}
