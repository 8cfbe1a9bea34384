namespace EnvServer.Api.Sessions;

/// <summary>How a session was opened; all kinds share one capacity, HTTP sessions have their own idle timeout.</summary>
public enum SessionKind
{
    WebSocket,
    Http,
    Mcp,
}
