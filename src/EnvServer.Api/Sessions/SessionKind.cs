namespace EnvServer.Api.Sessions;

/// <summary>How a session was opened; all kinds share one capacity and one idle timeout.</summary>
public enum SessionKind
{
    WebSocket,
    Http,
    Mcp,
}
