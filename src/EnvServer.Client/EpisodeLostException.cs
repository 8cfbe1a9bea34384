namespace EnvServer.Client;

/// <summary>
/// The connection of a <see cref="PooledEnvSession"/> broke (its server died, restarted or stopped answering), so
/// its episode is gone: the environment lived only in that connection. Open a new session from the pool, which
/// places it on a live server, and start the episode again.
/// </summary>
public sealed class EpisodeLostException : Exception
{
    public EpisodeLostException(Uri server, string? episodeId, int steps, Exception cause)
        : base($"The episode {episodeId ?? "(none started)"} on {server} was lost after {steps} steps: {cause.Message} " +
               "Open a new session from the pool to continue.", cause)
    {
        Server = server;
        EpisodeId = episodeId;
        Steps = steps;
    }

    /// <summary>The server the session was on, as given to the pool.</summary>
    public Uri Server { get; }

    /// <summary>The lost episode's <c>episode_id</c>, from its reset; null if no episode was started.</summary>
    public string? EpisodeId { get; }

    /// <summary>Steps the episode had completed when it was lost.</summary>
    public int Steps { get; }
}
