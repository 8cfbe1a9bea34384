using System.Security.Cryptography;

namespace EnvServer.Environments.Core;

/// <summary>
/// The one source of randomness of an episode: xoshiro256** seeded through SplitMix64.
/// Its integer and uniform draws are fixed by the seed on every platform and .NET version (unlike
/// System.Random's unspecified algorithm); normal draws go through Math.Log/Cos/Sqrt, which are
/// bit-stable on one platform but may differ in the last bit between platforms' maths libraries.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(long seed)
    {
        var x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A fresh non-negative seed for a reset that did not name one.</summary>
    public static long NewSeed() => RandomNumberGenerator.GetInt32(int.MaxValue);

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, count), without modulo bias.</summary>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var bound = (ulong)count;
        var limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong draw;
        do draw = NextUInt64(); while (draw >= limit);
        return (int)(draw % bound);
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Standard normal draw (Box–Muller, two uniforms per draw, no cached spare).</summary>
    public double Normal()
    {
        var u1 = 1.0 - NextDouble(); // (0, 1], so the log is finite
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public double Normal(double mean, double standardDeviation) => mean + standardDeviation * Normal();

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
