using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Client;

/// <summary>
/// An <see cref="EnvSession"/> opened by an <see cref="EnvServerPool"/>: the same calls, plus the server it was
/// placed on, and <see cref="EpisodeLostException"/> instead of transport errors when the connection breaks.
/// Closing it frees its place in the pool's counts.
/// </summary>
public sealed class PooledEnvSession : IAsyncDisposable
{
    private readonly EnvServerPool pool;
    private readonly PooledServer server;
    private readonly EnvSession session;
    private EpisodeLostException? lost;
    private int released;

    internal PooledEnvSession(EnvServerPool pool, PooledServer server, EnvSession session)
    {
        this.pool = pool;
        this.server = server;
        this.session = session;
    }

    /// <summary>The server the session was placed on, as given to the pool.</summary>
    public Uri Server => server.Url;

    /// <summary>The current episode's <c>episode_id</c>, from its reset; null before the first reset.</summary>
    public string? EpisodeId { get; private set; }

    /// <summary>Steps taken in the current episode.</summary>
    public int Steps { get; private set; }

    /// <summary>True once the connection broke; every further call throws the same <see cref="EpisodeLostException"/>.</summary>
    public bool IsLost => lost is not null;

    /// <inheritdoc cref="EnvSession.ResetAsync"/>
    /// <exception cref="EpisodeLostException">The connection broke.</exception>
    public async Task<StepResult> ResetAsync(object? kwargs = null, CancellationToken ct = default)
    {
        var result = await GuardAsync(s => s.ResetAsync(kwargs, ct)).ConfigureAwait(false);
        EpisodeId = result.GetString("metadata.episode_id");
        Steps = 0;
        return result;
    }

    /// <inheritdoc cref="EnvSession.StepAsync"/>
    /// <exception cref="EpisodeLostException">The connection broke; the episode cannot be continued.</exception>
    public async Task<StepResult> StepAsync(object action, CancellationToken ct = default)
    {
        var result = await GuardAsync(s => s.StepAsync(action, ct)).ConfigureAwait(false);
        Steps++;
        return result;
    }

    /// <inheritdoc cref="EnvSession.StateAsync"/>
    /// <exception cref="EpisodeLostException">The connection broke.</exception>
    public Task<JsonElement> StateAsync(CancellationToken ct = default) => GuardAsync(s => s.StateAsync(ct));

    /// <inheritdoc cref="EnvSession.McpAsync"/>
    /// <exception cref="EpisodeLostException">The connection broke.</exception>
    public Task<JsonElement> McpAsync(JsonObject request, CancellationToken ct = default) => GuardAsync(s => s.McpAsync(request, ct));

    /// <summary>Closes the session (best effort, see <see cref="EnvSession.CloseAsync"/>) and frees its place in the pool.</summary>
    public async Task CloseAsync(CancellationToken ct = default)
    {
        try
        {
            await session.CloseAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            Release(connectionBroke: false);
        }
    }

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private async Task<T> GuardAsync<T>(Func<EnvSession, Task<T>> call)
    {
        if (lost is not null) throw lost;
        try
        {
            return await call(session).ConfigureAwait(false);
        }
        catch (Exception error) when (EnvServerPool.IsConnectionFailure(error))
        {
            lost = new EpisodeLostException(server.Url, EpisodeId, Steps, error);
            Release(connectionBroke: true);
            throw lost;
        }
    }

    private void Release(bool connectionBroke)
    {
        if (Interlocked.Exchange(ref released, 1) == 0) pool.Release(server, connectionBroke);
    }
}
