using System.Security.Cryptography;
using System.Text;

namespace EnvServer.Api.Security;

/// <summary>
/// The API_KEY secret, kept only as its SHA-256 so that neither a log of the options (records print
/// their properties) nor a comparison leaks it: candidates are hashed too and the two fixed-length
/// hashes compared in constant time, so the time taken says nothing about how much of a guess was right.
/// </summary>
public sealed class ApiKey
{
    private readonly byte[] _hash;

    public ApiKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    public bool Matches(ReadOnlySpan<char> candidate)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = new byte[Encoding.UTF8.GetByteCount(candidate)];
        Encoding.UTF8.GetBytes(candidate, bytes);
        SHA256.HashData(bytes, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }

    public override string ToString() => "[redacted]";
}
