using System.Numerics;

namespace EnvServer.Environments.Polypharmacy.Bandit;

/// <summary>
/// A drug combination as a bitset: bit d of word d/64 is set when drug d is taken. Hamming distances
/// between combinations are then popcounts of XORed words, a few instructions for 500 drugs.
/// </summary>
public static class MultiHot
{
    /// <summary>64-bit words needed for <paramref name="drugs"/> drugs.</summary>
    public static int Words(int drugs) => (drugs + 63) >> 6;

    public static void Set(Span<ulong> bits, int drug) => bits[drug >> 6] |= 1UL << (drug & 63);

    public static bool Has(ReadOnlySpan<ulong> bits, int drug) => (bits[drug >> 6] & (1UL << (drug & 63))) != 0;

    /// <summary>Number of drugs in the combination.</summary>
    public static int Count(ReadOnlySpan<ulong> bits)
    {
        var count = 0;
        foreach (var word in bits) count += BitOperations.PopCount(word);
        return count;
    }

    /// <summary>Drugs in one combination and not the other.</summary>
    public static int Hamming(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var distance = 0;
        for (var w = 0; w < a.Length; w++) distance += BitOperations.PopCount(a[w] ^ b[w]);
        return distance;
    }

    /// <summary>The drug ids, ascending.</summary>
    public static int[] Drugs(ReadOnlySpan<ulong> bits)
    {
        var drugs = new int[Count(bits)];
        var n = 0;
        for (var w = 0; w < bits.Length; w++)
        {
            for (var word = bits[w]; word != 0; word &= word - 1) drugs[n++] = (w << 6) + BitOperations.TrailingZeroCount(word);
        }

        return drugs;
    }

    /// <summary>The bitset of <paramref name="drugs"/> (ids in [0, 64·words)).</summary>
    public static ulong[] FromDrugs(IEnumerable<int> drugs, int words)
    {
        var bits = new ulong[words];
        foreach (var drug in drugs) Set(bits, drug);
        return bits;
    }
}
