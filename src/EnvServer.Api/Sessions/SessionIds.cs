using System.Security.Cryptography;

namespace EnvServer.Api.Sessions;

/// <summary>
/// Session ids are the only credential of an HTTP or MCP session (whoever sends the id steps the episode):
/// 128 bits from the operating system's cryptographic generator, written in UUID form (8-4-4-4-12 hex digits)
/// because OpenEnv's openenv/session/create returns a uuid. All 128 bits are random (no version digit), unlike
/// Guid.NewGuid's 122, and nothing in an id derives from time, a counter or another session.
/// </summary>
internal static class SessionIds
{
    public const int Bits = 128;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[Bits / 8];
        RandomNumberGenerator.Fill(bytes);
        return new Guid(bytes).ToString("D");
    }

    /// <summary>A short prefix for logs: enough to follow one session, useless for taking it over.</summary>
    public static string LogRef(string id) => id.Length > 8 ? id[..8] : id;
}
