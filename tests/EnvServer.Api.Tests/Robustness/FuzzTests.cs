using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>
/// Malformed input over every transport at once, while a well-behaved client plays episodes on
/// its own connection. The corpus is the hand-written nasty cases plus inputs from a seeded
/// generator, so a failure reproduces exactly.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20_260_611;
    private const int MaxMessageBytes = 65_536;
    private const int RandomWsInputs = 600;
    private const int RandomMcpInputs = 250;
    private const int RandomHttpRequests = 500;
    private const int ParseError = -32700;

    private static readonly string[] HttpMethodsWrong = ["PUT", "DELETE", "PATCH", "OPTIONS"];

    [Fact]
    public async Task MalformedInputs_OverHttpAndWebSocket_NeverBreakServerOrNeighbourSession()
    {
        await using var server = new ServerHost(new Dictionary<string, string> { ["MAX_MESSAGE_BYTES"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var clock = Stopwatch.StartNew();
        var report = new FuzzReport();

        // Every input is drawn before anything runs concurrently, so the corpus depends on the seed alone.
        var corpus = new FuzzCorpus(Seed, MaxMessageBytes);
        var nasty = corpus.NastyPayloads();
        IReadOnlyList<FuzzInput> shared = [.. nasty, .. FuzzCorpus.InvalidUtf8Payloads(), .. corpus.FrameCases()];

        // Each /ws connection starts with a step before any reset (one per connection: inputs are dealt round-robin),
        // which steps a freshly started episode as OpenEnv's reference does: any reply but an internal error.
        var stepBeforeReset = Enumerable.Repeat(FuzzInput.Of("step before reset", EpisodeScript.StepMessage(0.5)), 3);
        var wsInputs = stepBeforeReset.Concat(shared).Concat(Enumerable.Range(0, RandomWsInputs).Select(corpus.RandomWsInput)).ToArray();
        var mcpInputs = shared.Select(i => i.ExpectedCode == FuzzCorpus.InvalidJson ? i : i with { ExpectedCode = null })
            .Concat(Enumerable.Range(0, RandomMcpInputs).Select(corpus.RandomMcpInput)).ToArray();
        var httpRequests = BuildHttpRequests(corpus, [.. nasty, .. FuzzCorpus.InvalidUtf8Payloads()]);
        var junkEnvIds = Enumerable.Range(0, 8).Select(_ => corpus.RandomEnvId()).ToArray();

        // The well-behaved neighbour: reset + step loops with a fixed seed for as long as the fuzz runs.
        var neighbour = EpisodeScript.Generate(index: 1, seed: 12_345, steps: 25, maxDose: 0.6);
        var neighbourSocket = await Probe.ConnectAsync(server.WebSocketUri());
        using var fuzzDone = new CancellationTokenSource();
        try
        {
            var neighbourRuns = RunUntilAsync(neighbour, neighbourSocket, fuzzDone.Token);

            await Task.WhenAll(
                FuzzWebSocketAsync(server, "/ws", wsInputs.Where((_, i) => i % 3 == 0).ToArray(), mcp: false, report),
                FuzzWebSocketAsync(server, "/ws", wsInputs.Where((_, i) => i % 3 == 1).ToArray(), mcp: false, report),
                FuzzWebSocketAsync(server, "/envs/drug-dose/ws", wsInputs.Where((_, i) => i % 3 == 2).ToArray(), mcp: false, report),
                FuzzWebSocketAsync(server, "/mcp", mcpInputs.Where((_, i) => i % 2 == 0).ToArray(), mcp: true, report),
                FuzzWebSocketAsync(server, "/envs/drug-dose/mcp", mcpInputs.Where((_, i) => i % 2 == 1).ToArray(), mcp: true, report),
                FuzzHttpAsync(server, httpRequests.Where((_, i) => i % 4 == 0).ToArray(), report),
                FuzzHttpAsync(server, httpRequests.Where((_, i) => i % 4 == 1).ToArray(), report),
                FuzzHttpAsync(server, httpRequests.Where((_, i) => i % 4 == 2).ToArray(), report),
                FuzzHttpAsync(server, httpRequests.Where((_, i) => i % 4 == 3).ToArray(), report),
                FuzzRawFramesAsync(server, report),
                FuzzUnknownEnvironmentUpgradesAsync(server, junkEnvIds, report));
            var fuzzTime = clock.Elapsed;
            await fuzzDone.CancelAsync();
            var runs = await neighbourRuns;

            output.WriteLine($"Fuzz inputs: {report.Total} ({string.Join(", ", report.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}) in {fuzzTime.TotalSeconds:F1} s");
            output.WriteLine($"Neighbour episodes played meanwhile: {runs.Count}; sessions opened by valid fuzz inputs: {report.CreatedSessions}");
            Assert.True(report.Failures.Count == 0,
                $"{report.Failures.Count} fuzz failures, first ones:\n" + string.Join("\n", report.Failures.Take(40)));
            Assert.True(report.Total >= 1000, $"only {report.Total} fuzz inputs were sent");

            // Healthy, and every fuzz connection's slot is back: the neighbour plus what valid inputs opened on purpose.
            await Probe.WaitForActiveSessionsAsync(server.Http, 1 + report.CreatedSessions, TimeSpan.FromSeconds(5));

            // The neighbour never saw an error and played exactly the episode it plays alone.
            await Probe.CloseAsync(neighbourSocket);
            var reference = await neighbour.ReplayAloneAsync(server.WebSocketUri());
            neighbour.AssertNoErrors(reference, "reference run");
            for (var run = 0; run < runs.Count; run++)
            {
                neighbour.AssertNoErrors(runs[run], $"neighbour run {run}");
                Assert.Equal(reference, runs[run]);
            }

            await Probe.WaitForActiveSessionsAsync(server.Http, report.CreatedSessions, TimeSpan.FromSeconds(5));
            output.WriteLine($"Total {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            // A socket left open would hold the host's shutdown for its 30 s timeout.
            await fuzzDone.CancelAsync();
            neighbourSocket.Abort();
            neighbourSocket.Dispose();
        }
    }

    private static async Task<List<List<string>>> RunUntilAsync(EpisodeScript script, ClientWebSocket socket, CancellationToken stop)
    {
        var runs = new List<List<string>>();
        do
        {
            runs.Add(await script.RunAsync(socket));
        }
        while (!stop.IsCancellationRequested);
        return runs;
    }

    // ---- WebSocket ----

    private static async Task SendAsync(ClientWebSocket socket, FuzzInput input)
    {
        switch (input.Shape)
        {
            case FrameShape.Binary:
                await socket.SendAsync(input.Payload, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
                break;
            case FrameShape.Fragmented:
                for (var offset = 0; offset < input.Payload.Length; offset += input.FragmentSize)
                {
                    var length = Math.Min(input.FragmentSize, input.Payload.Length - offset);
                    await socket.SendAsync(input.Payload.AsMemory(offset, length), WebSocketMessageType.Text,
                        endOfMessage: offset + length == input.Payload.Length, CancellationToken.None);
                }

                break;
            default:
                await socket.SendAsync(input.Payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                break;
        }
    }

    /// <summary>
    /// One input, one reply, in order, on one connection; then a sentinel request whose reply must be
    /// the next frame, which proves that no input got two replies.
    /// </summary>
    private static async Task FuzzWebSocketAsync(ServerHost server, string path, IReadOnlyList<FuzzInput> inputs, bool mcp, FuzzReport report)
    {
        var socket = await Probe.ConnectAsync(server.WebSocketUri(path));
        try
        {
            foreach (var input in inputs)
            {
                report.Sent($"WS {(mcp ? "/mcp" : "/ws")}");
                await SendAsync(socket, input);
                WsMessage reply;
                try
                {
                    reply = await Probe.ReceiveAsync(socket);
                }
                catch (Exception error) when (error is TimeoutException or WebSocketException)
                {
                    report.Fail($"{path} [{input.Label}]: no reply ({error.Message})");
                    return;
                }

                if (reply.Text is null)
                {
                    report.Fail($"{path} [{input.Label}]: the server closed the connection ({reply.CloseStatus} {reply.CloseDescription})");
                    return;
                }

                if (reply.Type != WebSocketMessageType.Text) report.Fail($"{path} [{input.Label}]: reply is a {reply.Type} frame");
                var problem = mcp
                    ? report.CheckRpcReply(reply.Text, input.ExpectedCode == FuzzCorpus.InvalidJson ? ParseError : null, overWebSocket: true)
                    : report.CheckWsReply(reply.Text, input);
                if (problem is not null) report.Fail($"{path} [{input.Label}]: {problem}");
                if (socket.State != WebSocketState.Open)
                {
                    report.Fail($"{path} [{input.Label}]: connection is {socket.State} after the reply");
                    return;
                }
            }

            var sentinel = mcp ? """{"jsonrpc":"2.0","method":"ping","id":"sentinel"}""" : EpisodeScript.StateMessage;
            var last = JsonDocument.Parse(await Probe.RequestTextAsync(socket, sentinel)).RootElement;
            var ok = mcp
                ? last.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == "sentinel"
                : last.GetProperty("type").GetString() == "state";
            if (!ok) report.Fail($"{path}: the sentinel's reply is not the next frame (an input got more than one reply): {last}");
        }
        catch (Exception error) when (error is WebSocketException or TimeoutException or JsonException)
        {
            report.Fail($"{path}: {error.GetType().Name}: {error.Message}");
        }
        finally
        {
            await Probe.CloseAsync(socket);
        }
    }

    /// <summary>
    /// Frame-level misbehaviour over a hand-written client, one fresh connection each. RFC 6455 makes
    /// the server fail the connection (1002 protocol error, 1007 invalid UTF-8 in a text message):
    /// checked here is that it does, and that the slot comes back (the final active_sessions check).
    /// </summary>
    private static async Task FuzzRawFramesAsync(ServerHost server, FuzzReport report)
    {
        var state = """{"type":"state"}"""u8.ToArray();
        (string Label, Func<RawFrameSocket, Task> Act, int? Close)[] cases =
        [
            ("unmasked text frame", s => s.SendFrameAsync(RawFrameSocket.Text, state, masked: false), 1002),
            ("reserved data opcode 0x3", s => s.SendFrameAsync(0x3, "x"u8), 1002),
            ("reserved control opcode 0xB", s => s.SendFrameAsync(0xB, "x"u8), 1002),
            ("RSV1 without an extension", s => s.SendFrameAsync(RawFrameSocket.Text, state, rsv: 4), 1002),
            ("RSV2 and RSV3", s => s.SendFrameAsync(RawFrameSocket.Text, state, rsv: 3), 1002),
            ("fragmented ping", s => s.SendFrameAsync(RawFrameSocket.Ping, "p"u8, fin: false), 1002),
            ("ping with 126-byte payload", s => s.SendFrameAsync(RawFrameSocket.Ping, new byte[126]), 1002),
            ("continuation without a start", s => s.SendFrameAsync(RawFrameSocket.Continuation, state), 1002),
            ("new text frame inside a fragmented message", async s =>
            {
                await s.SendFrameAsync(RawFrameSocket.Text, "{"u8, fin: false);
                await s.SendFrameAsync(RawFrameSocket.Text, "}"u8);
            }, 1002),
            ("close with a 1-byte payload", s => s.SendFrameAsync(RawFrameSocket.Close, [0x03]), 1002),
            ("length with the top bit set", s => s.SendRawAsync(RawFrameSocket.EncodeFrame(RawFrameSocket.Text, "x"u8, declaredLength: 0x8000_0000_0000_0001UL)), null),
            ("invalid UTF-8 text frame", s => s.SendFrameAsync(RawFrameSocket.Text, [0xFF]), 1007),
            ("overlong NUL in a text frame", s => s.SendFrameAsync(RawFrameSocket.Text, [0x22, 0xC0, 0x80, 0x22]), 1007),
            ("UTF-8-encoded surrogate in a text frame", s => s.SendFrameAsync(RawFrameSocket.Text, [0x22, 0xED, 0xA0, 0x80, 0x22]), 1007),
            ("invalid UTF-8 across fragments", async s =>
            {
                await s.SendFrameAsync(RawFrameSocket.Text, [0x22, 0xE2, 0x82], fin: false);
                await s.SendFrameAsync(RawFrameSocket.Continuation, [0x28, 0x22]);
            }, 1007),
        ];

        // Clients that die mid-message: no close frame is owed, the slot must still come back.
        (string Label, Func<RawFrameSocket, Task> Act)[] dying =
        [
            ("truncated frame, then end of stream", s => s.SendRawAsync(RawFrameSocket.EncodeFrame(RawFrameSocket.Text, state)[..8])),
            ("half a header, then end of stream", s => s.SendRawAsync([0x81])),
            ("2^62-byte frame announced, then end of stream", s => s.SendRawAsync(RawFrameSocket.EncodeFrame(RawFrameSocket.Text, "x"u8, declaredLength: 1UL << 62))),
            ("fragment without an end, then end of stream", s => s.SendFrameAsync(RawFrameSocket.Text, "{\"type\""u8, fin: false)),
        ];

        foreach (var (label, act, close) in cases)
        {
            report.Sent("WS raw frames");
            using var socket = await RawFrameSocket.ConnectAsync(server.BaseAddress);
            await act(socket);
            var ending = await socket.ReadUntilServerEndsAsync(TimeSpan.FromSeconds(5));
            // The close frame is sent, but .NET then aborts the connection, and a TCP reset can discard it
            // from our receive queue before it is read: its code is checked whenever it arrives.
            if (!ending.Ended) report.Fail($"raw [{label}]: the server kept the connection open");
            else if (close is { } expected && ending.CloseCode is { } code && code != expected)
                report.Fail($"raw [{label}]: close code {code}, expected {expected}");
            if (ending.Frames.Any(f => f.Opcode is RawFrameSocket.Text or RawFrameSocket.Binary))
                report.Fail($"raw [{label}]: the server answered with a data frame");
        }

        foreach (var (label, act) in dying)
        {
            report.Sent("WS raw frames");
            using var socket = await RawFrameSocket.ConnectAsync(server.BaseAddress);
            await act(socket);
            socket.ShutdownSend();
            var ending = await socket.ReadUntilServerEndsAsync(TimeSpan.FromSeconds(5));
            if (!ending.Ended) report.Fail($"raw [{label}]: the server kept the connection open after the client's end of stream");
        }
    }

    /// <summary>WebSocket upgrades to /envs/&lt;junk&gt;/ws and /mcp: refused with 404, before any upgrade.</summary>
    private static async Task FuzzUnknownEnvironmentUpgradesAsync(ServerHost server, IEnumerable<string> junkIds, FuzzReport report)
    {
        foreach (var id in junkIds)
        {
            foreach (var endpoint in (string[])["ws", "mcp"])
            {
                report.Sent("WS unknown env");
                using var socket = new ClientWebSocket();
                socket.Options.CollectHttpResponseDetails = true;
                try
                {
                    await socket.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/envs/{id}/{endpoint}"), CancellationToken.None);
                    report.Fail($"upgrade to /envs/{id}/{endpoint} was accepted");
                }
                catch (WebSocketException)
                {
                    if (socket.HttpStatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.BadRequest))
                        report.Fail($"upgrade to /envs/{id}/{endpoint} refused with {(int)socket.HttpStatusCode}, expected 404");
                }
            }
        }
    }

    // ---- HTTP ----

    private sealed record HttpFuzzRequest(string Label, string Method, string Path, byte[]? Body, string? ContentType, string? SessionHeader, bool Chunked)
    {
        /// <summary>The body is certainly not JSON: 422 json_invalid on /reset and /step, -32700 on /mcp.</summary>
        public bool NotJson { get; init; }

        /// <summary>The status the reply must have, when it is certain.</summary>
        public int? ExpectedStatus { get; init; }
    }

    private static List<HttpFuzzRequest> BuildHttpRequests(FuzzCorpus corpus, IReadOnlyList<FuzzInput> nasty)
    {
        var requests = new List<HttpFuzzRequest>();
        foreach (var input in nasty)
        {
            foreach (var endpoint in (string[])["/reset", "/step", "/mcp"])
            {
                requests.Add(new(input.Label, "POST", endpoint, input.Payload, "application/json", null, Chunked: false)
                {
                    NotJson = input.ExpectedCode == FuzzCorpus.InvalidJson && input.Payload.Length > 0,
                });
            }
        }

        var oversized = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('p', MaxMessageBytes + 100) + "\"}");
        foreach (var endpoint in (string[])["/reset", "/step", "/mcp"])
        {
            requests.Add(new("oversized body", "POST", endpoint, oversized, "application/json", null, Chunked: false) { ExpectedStatus = 413 });
            requests.Add(new("oversized chunked body", "POST", endpoint, oversized, "application/json", null, Chunked: true) { ExpectedStatus = 413 });
        }

        requests.Add(new("step before reset", "POST", "/step", Encoding.UTF8.GetBytes("""{"action":{"dose":0.5}}"""), "application/json", null, Chunked: false) { ExpectedStatus = 200 });
        requests.Add(new("bare step before reset", "POST", "/envs/drug-dose/step", Encoding.UTF8.GetBytes("""{"dose":0.5}"""), "application/json", null, Chunked: false) { ExpectedStatus = 200 });
        string[] stateHeaders = ["", "   ", "\t", "null", "00000000-0000-0000-0000-000000000000"];
        requests.AddRange(stateHeaders.Select(h => new HttpFuzzRequest($"state header '{h}'", "GET", "/state", null, null, h, Chunked: false)));

        for (var i = 0; i < RandomHttpRequests; i++)
        {
            var roll = corpus.Next(100);
            var sessionHeader = corpus.Next(4) == 0 ? corpus.RandomSessionHeader() : null;
            var chunked = corpus.Next(10) == 0;
            var label = $"random #{i}";
            requests.Add(roll switch
            {
                < 28 => new(label, "POST", "/reset", corpus.RandomBody("reset"), corpus.RandomContentType(), sessionHeader, chunked),
                < 50 => new(label, "POST", "/step", corpus.RandomBody("step"), corpus.RandomContentType(), sessionHeader, chunked),
                < 68 => new(label, "POST", "/mcp", corpus.RandomBody("mcp"), corpus.RandomContentType(), sessionHeader, chunked),
                < 80 => new(label, "GET", "/state", null, null, corpus.RandomSessionHeader(), false),
                < 88 => new(label, corpus.Next(2) == 0 ? "GET" : "POST",
                    $"/envs/{corpus.RandomEnvId()}/{new[] { "reset", "step", "state", "mcp", "health", "metadata", "schema", "ws" }[corpus.Next(8)]}",
                    corpus.RandomBody("reset"), corpus.RandomContentType(), sessionHeader, chunked),
                < 93 => new(label, HttpMethodsWrong[corpus.Next(HttpMethodsWrong.Length)],
                    new[] { "/reset", "/step", "/state", "/mcp", "/health", "/envs" }[corpus.Next(6)], corpus.RandomBody("step"), corpus.RandomContentType(), null, chunked),
                < 96 => new(label, "GET", corpus.Next(2) == 0 ? "/ws" : "/envs/drug-dose/mcp", null, null, sessionHeader, false),
                _ => new(label, "POST", $"/envs/drug-dose/{new[] { "reset", "step", "mcp" }[corpus.Next(3)]}", corpus.RandomBody("step"), corpus.RandomContentType(), sessionHeader, chunked),
            });
        }

        return requests;
    }

    private static async Task FuzzHttpAsync(ServerHost server, IReadOnlyList<HttpFuzzRequest> requests, FuzzReport report)
    {
        foreach (var request in requests)
        {
            report.Sent("HTTP");
            var target = new Uri(server.BaseAddress + request.Path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
            if (request.Body is { } body)
            {
                message.Content = request.Chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
                if (request.ContentType is { } contentType) message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            if (request.SessionHeader is { } header) message.Headers.TryAddWithoutValidation("X-Session-Id", header);
            var what = $"HTTP {request.Method} {request.Path} [{request.Label}]";
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                using var response = await server.Http.SendAsync(message, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    report.Fail($"{what}: {status} {FuzzReport.Shorten(text)}");
                    continue;
                }

                JsonElement root;
                try
                {
                    root = JsonDocument.Parse(text).RootElement;
                }
                catch (JsonException)
                {
                    report.Fail($"{what}: {status} with a body that is not JSON: '{FuzzReport.Shorten(text)}'");
                    continue;
                }

                if (request.ExpectedStatus is { } expectedStatus && status != expectedStatus)
                    report.Fail($"{what}: expected {expectedStatus}, got {status} {FuzzReport.Shorten(text)}");
                if (response.Content.Headers.ContentType?.MediaType is not ("application/json" or "application/problem+json"))
                    report.Fail($"{what}: {status} with Content-Type {response.Content.Headers.ContentType}");
                if (status >= 400 && (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("detail", out _)))
                    report.Fail($"{what}: {status} without a JSON detail: {FuzzReport.Shorten(text)}");
                if (status == 200 && request.Path.EndsWith("/reset", StringComparison.Ordinal)
                    && response.Headers.TryGetValues("X-Session-Id", out var ids))
                {
                    report.SessionCreated(ids.Single());
                }

                if (status == 200 && request.Path.EndsWith("/mcp", StringComparison.Ordinal)
                    && report.CheckRpcReply(text, request.NotJson ? ParseError : null) is { } problem)
                {
                    report.Fail($"{what}: {problem}");
                }

                if (request.NotJson && !request.Path.EndsWith("/mcp", StringComparison.Ordinal)
                    && !(status == 422 && root.GetProperty("detail")[0].GetProperty("type").GetString() == "json_invalid"))
                {
                    report.Fail($"{what}: expected 422 json_invalid, got {status} {FuzzReport.Shorten(text)}");
                }
            }
            catch (Exception error) when (error is HttpRequestException or OperationCanceledException)
            {
                report.Fail($"{what}: {error.GetType().Name}: {error.Message}");
            }
        }
    }
}
