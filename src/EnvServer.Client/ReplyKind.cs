namespace EnvServer.Client;

/// <summary>The <c>type</c> of a server→client frame.</summary>
internal enum ReplyKind
{
    Observation,
    State,
    Mcp,
    Error,

    /// <summary>A type this client does not know; never the answer to a request.</summary>
    Other,
}
