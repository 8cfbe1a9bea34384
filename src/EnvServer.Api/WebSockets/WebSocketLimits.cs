using EnvServer.Api.Limits;

namespace EnvServer.Api.WebSockets;

/// <summary>What one WebSocket connection may make the server hold.</summary>
/// <param name="MaxMessageBytes">MAX_MESSAGE_BYTES: larger messages are discarded as they arrive and answered with an error.</param>
/// <param name="MaxQueuedBytes">
/// WS_MAX_QUEUED_BYTES: bytes of messages read ahead of the one being answered. Past it the server stops reading the
/// socket until the queue drains, so a client that sends without reading its replies waits on its own socket.
/// </param>
/// <param name="LargeInputs">The server-wide bound on large inputs handled at once.</param>
internal sealed record WebSocketLimits(int MaxMessageBytes, int MaxQueuedBytes, LargeBodyGate LargeInputs);
