using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Client;

/// <summary>
/// One environment session over the server's <c>/ws</c> endpoint: one connection, one environment
/// instance, one request in flight at a time (replies carry no request id, so order is the only
/// correlation). Run many sessions for concurrency.
/// </summary>
/// <remarks>
/// A reader loop keeps a receive posted for the whole life of the connection, because .NET answers
/// the server's pings only while a receive is pending: without it the server's keep-alive drops a
/// session that is idle between steps (e.g. while a model generates). A request that times out or is
/// cancelled aborts the session, since its late reply would otherwise answer the next request
/// (OpenEnv issue #1143).
/// </remarks>
public sealed class EnvSession : IAsyncDisposable
{
    private static readonly IReadOnlyDictionary<string, IEnumerable<string>> NoHeaders = new Dictionary<string, IEnumerable<string>>();

    private readonly ClientWebSocket socket;
    private readonly EnvSessionOptions options;
    private readonly FrameWriter writer = new();
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly PendingReply pending = new();
    private readonly Task readLoop;

    // Reused across requests: CancelAfter re-arms the same timer and TryReset disarms it, so a request
    // allocates no timer. Replaced only after it has fired.
    private CancellationTokenSource timeout = new();

    // Why the connection can serve no more requests (server close, unsolicited error frame, abort).
    private Exception? ended;
    private bool closed;

    private EnvSession(ClientWebSocket socket, Uri url, EnvSessionOptions options)
    {
        this.socket = socket;
        this.options = options;
        Url = url;
        UpgradeResponseHeaders = options.CollectUpgradeResponseHeaders ? socket.HttpResponseHeaders ?? NoHeaders : NoHeaders;
        socket.HttpResponseHeaders = null;
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>The WebSocket endpoint this session is connected to.</summary>
    public Uri Url { get; }

    /// <summary>
    /// The headers of the server's 101 upgrade response when <see cref="EnvSessionOptions.CollectUpgradeResponseHeaders"/>
    /// is set, otherwise empty.
    /// </summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> UpgradeResponseHeaders { get; }

    /// <summary>
    /// Connects to <c>{baseUrl}/ws</c>. <paramref name="baseUrl"/> is the environment's HTTP base, e.g.
    /// <c>http://127.0.0.1:8000</c> or <c>http://127.0.0.1:8000/envs/drug-dose</c>; a ws(s) URL is accepted too.
    /// </summary>
    /// <exception cref="TimeoutException">The upgrade took longer than <see cref="EnvSessionOptions.ConnectTimeout"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">The server answered the upgrade with 401 or 403 (API key missing or wrong).</exception>
    public static async Task<EnvSession> ConnectAsync(Uri baseUrl, EnvSessionOptions? options = null, CancellationToken ct = default)
    {
        options ??= EnvSessionOptions.Default;
        var url = EndpointUrls.ToWebSocket(baseUrl);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = options.KeepAliveInterval;
        // Always collected: a refused upgrade's status tells a missing API key from a dead server.
        socket.Options.CollectHttpResponseDetails = true;
        if (options.ApiKey is { } key) socket.Options.SetRequestHeader("Authorization", $"Bearer {key}");
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connectTimeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(url, connectTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting to {url} took longer than {options.ConnectTimeout}.");
        }
        catch (WebSocketException error) when (socket.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            var advice = options.ApiKey is null ? "the server needs an API key (EnvSessionOptions.ApiKey)" : "it did not accept the API key";
            throw new UnauthorizedAccessException($"{url} refused the WebSocket upgrade with HTTP {status}: {advice}.", error);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new EnvSession(socket, url, options);
    }

    /// <summary>
    /// Starts an episode. <paramref name="kwargs"/> (anonymous object, dictionary or <c>JsonObject</c>, names
    /// as on the wire, e.g. <c>new { seed = 1, task_id = "fixed_patient" }</c>) becomes the reset's <c>data</c>.
    /// </summary>
    /// <exception cref="EnvServerException">The server answered with an error frame.</exception>
    public async Task<StepResult> ResetAsync(object? kwargs = null, CancellationToken ct = default) =>
        StepResult.FromEnvelope(await RequestAsync(RequestKind.Reset, kwargs, ReplyKind.Observation, ct).ConfigureAwait(false));

    /// <summary>Sends one action, e.g. <c>new { dose = 0.5 }</c>, as the step's bare <c>data</c>.</summary>
    /// <exception cref="EnvServerException">The server answered with an error frame; the session stays usable
    /// unless the code says otherwise (see <see cref="EnvServerErrorCodes"/>).</exception>
    public async Task<StepResult> StepAsync(object action, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return StepResult.FromEnvelope(await RequestAsync(RequestKind.Step, action, ReplyKind.Observation, ct).ConfigureAwait(false));
    }

    /// <summary>The environment's full state object.</summary>
    public Task<JsonElement> StateAsync(CancellationToken ct = default) =>
        RequestAsync(RequestKind.State, null, ReplyKind.State, ct).AsTask();

    /// <summary>Sends a JSON-RPC 2.0 request to this session's environment and returns the JSON-RPC response.</summary>
    public Task<JsonElement> McpAsync(JsonObject request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RequestAsync(RequestKind.Mcp, request, ReplyKind.Mcp, ct).AsTask();
    }

    /// <summary>
    /// Sends <c>{"type":"close"}</c> and closes the socket. Best effort, like the OpenEnv client: the server
    /// frees the session on any disconnect, so a failure here loses nothing. Safe to call twice.
    /// </summary>
    public async Task CloseAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (closed) return;
            closed = true;

            // The close handshake gets the connect budget: both are a round trip with no environment work.
            using var closeTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            closeTimeout.CancelAfter(options.ConnectTimeout);
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    var frame = writer.Write(RequestKind.Close, null);
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, closeTimeout.Token).ConfigureAwait(false);
                }

                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closeTimeout.Token).ConfigureAwait(false);
                }

                // The server's close frame ends the reader loop, and with it the handshake.
                await readLoop.WaitAsync(closeTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or TimeoutException)
            {
                // Best effort: disposing below drops the connection, which the server treats as a close.
            }
        }
        finally
        {
            socket.Dispose();
            timeout.Dispose();
            gate.Release();
        }
    }

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    // Pooled state machines: a step's only unavoidable allocations are its reply and the public Task.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<JsonElement> RequestAsync(RequestKind kind, object? payload, ReplyKind expected, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(closed, this);
            ct.ThrowIfCancellationRequested();

            // Serialised before anything is armed or sent: an action that cannot be serialised leaves the session intact.
            var frame = writer.Write(kind, payload);
            var reply = pending.Arm(expected);
            if (Volatile.Read(ref ended) is { } reason)
            {
                pending.TrySetException(reason);
                return await reply.ConfigureAwait(false);
            }

            timeout.CancelAfter(options.MessageTimeout);
            try
            {
                using var onTimeout = timeout.Token.UnsafeRegister(static s => ((EnvSession)s!).Expire(default), this);
                using var onCancel = ct.UnsafeRegister(static (s, token) => ((EnvSession)s!).Expire(token), this);
                try
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
                {
                    // The reader may already hold the better reason (e.g. the server's CAPACITY_REACHED frame).
                    pending.TrySetException(Volatile.Read(ref ended) ?? e);
                }

                return await reply.ConfigureAwait(false);
            }
            finally
            {
                if (!timeout.TryReset())
                {
                    timeout.Dispose();
                    timeout = new CancellationTokenSource();
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Fails the waiting request (timeout when <paramref name="cancelled"/> is default) and drops the connection.</summary>
    private void Expire(CancellationToken cancelled)
    {
        Exception error = cancelled.CanBeCanceled
            ? new OperationCanceledException("The request was cancelled; the session was aborted.", null, cancelled)
            : new TimeoutException($"No reply from {Url} within {options.MessageTimeout}; the session was aborted.");
        if (pending.TrySetException(error)) Fail(error);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                // A zero-byte receive waits for the next frame (answering pings meanwhile) without holding a buffer.
                var head = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                if (head.MessageType == WebSocketMessageType.Close)
                {
                    await AcknowledgeCloseAsync().ConfigureAwait(false);
                    Fail(FrameReceiver.ServerClosed(socket));
                    return;
                }

                // An empty message is no reply: parsing it reports so.
                var reply = head.EndOfMessage
                    ? ReplyParser.Parse(ReadOnlyMemory<byte>.Empty)
                    : await FrameReceiver.ReceiveRestAsync(socket, options.MaxMessageSize, CancellationToken.None).ConfigureAwait(false);
                Deliver(reply);
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void Deliver(Reply reply)
    {
        if (!pending.IsArmed)
        {
            // Only the server's connect-time errors (CAPACITY_REACHED, FACTORY_ERROR) come unasked: they end
            // the session and answer the next request, and the server's close frame follows, so the socket is
            // left to close cleanly. Anything else unasked means the stream cannot be trusted.
            if (reply.Kind == ReplyKind.Error) End(ReplyParser.ToException(reply.Data));
            else Fail(new InvalidDataException($"The server sent an unsolicited '{reply.Type}' frame."));
            return;
        }

        if (reply.Kind == ReplyKind.Error)
        {
            pending.TrySetException(ReplyParser.ToException(reply.Data));
        }
        else if (reply.Kind == pending.Expected)
        {
            pending.TrySetResult(reply.Data);
        }
        else
        {
            var error = new InvalidDataException($"Expected a '{pending.Expected.ToString().ToLowerInvariant()}' reply, got '{reply.Type}'.");
            pending.TrySetException(error);
            Fail(error);
        }
    }

    /// <summary>Ends the session (see <see cref="End"/>) and drops the socket.</summary>
    private void Fail(Exception reason)
    {
        End(reason);
        if (socket.State is not (WebSocketState.Closed or WebSocketState.CloseReceived)) socket.Abort();
    }

    /// <summary>Records why the session can serve no more requests (the first reason wins) and fails a waiting request.</summary>
    private void End(Exception reason)
    {
        Interlocked.CompareExchange(ref ended, reason, null);
        pending.TrySetException(Volatile.Read(ref ended)!);
    }

    private async Task AcknowledgeCloseAsync()
    {
        if (socket.State != WebSocketState.CloseReceived) return;
        try
        {
            using var closeTimeout = new CancellationTokenSource(options.ConnectTimeout);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closeTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The server is closing anyway; an unacknowledged close only makes it wait for its own timeout.
        }
    }
}
