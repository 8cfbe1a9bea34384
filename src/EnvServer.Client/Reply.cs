using System.Text.Json;

namespace EnvServer.Client;

/// <summary>One parsed server frame.</summary>
/// <param name="Kind">The frame's <c>type</c>.</param>
/// <param name="Data">The frame's <c>data</c>, cloned so that it outlives the receive buffer.</param>
/// <param name="UnknownType">The frame's <c>type</c> when <see cref="Kind"/> is <see cref="ReplyKind.Other"/>.</param>
internal readonly record struct Reply(ReplyKind Kind, JsonElement Data, string? UnknownType = null)
{
    /// <summary>The wire type, for messages; built on demand so that a normal reply allocates no string.</summary>
    public string Type => UnknownType ?? Kind.ToString().ToLowerInvariant();
}
