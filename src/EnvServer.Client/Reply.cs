using System.Text.Json;

namespace EnvServer.Client;

/// <summary>One parsed server frame. <see cref="Data"/> is a clone: it outlives the receive buffer.</summary>
internal readonly record struct Reply(ReplyKind Kind, string Type, JsonElement Data);
