namespace EnvServer.Api.Sessions;

/// <summary>Who a request comes from, as MAX_SESSIONS_PER_CLIENT counts it: the peer's IP address.</summary>
internal static class ClientAddress
{
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
