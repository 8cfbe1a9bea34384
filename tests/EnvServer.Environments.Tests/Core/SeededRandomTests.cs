using EnvServer.Environments.Core;

namespace EnvServer.Environments.Tests.Core;

public class SeededRandomTests
{
    private const int Draws = 100_000;

    [Theory]
    // Reference values from an independent xoshiro256** implementation seeded through SplitMix64.
    [InlineData(0L, 0x99ec5f36cb75f2b4UL, 0xbf6e1f784956452aUL, 0x1a5f849d4933e6e0UL)]
    [InlineData(42L, 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL)]
    public void NextUInt64_KnownSeed_MatchesReferenceXoshiro256StarStar(long seed, ulong first, ulong second, ulong third)
    {
        var random = new SeededRandom(seed);

        Assert.Equal([first, second, third], new[] { random.NextUInt64(), random.NextUInt64(), random.NextUInt64() });
    }

    [Fact]
    public void NextUInt64_SameSeed_SameSequence()
    {
        var a = new SeededRandom(12345);
        var b = new SeededRandom(12345);

        for (var i = 0; i < 1000; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void NextUInt64_DifferentSeeds_Differ()
    {
        var a = new SeededRandom(1);
        var b = new SeededRandom(2);

        for (var i = 0; i < 100; i++) Assert.NotEqual(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void NextDouble_ManyDraws_InUnitIntervalAndUniform()
    {
        var random = new SeededRandom(7);
        var belowHalf = 0;

        for (var i = 0; i < Draws; i++)
        {
            var x = random.NextDouble();
            Assert.InRange(x, 0.0, Math.BitDecrement(1.0));
            if (x < 0.5) belowHalf++;
        }

        // Binomial sd is 158; five of them.
        Assert.InRange(belowHalf, Draws / 2 - 800, Draws / 2 + 800);
    }

    [Fact]
    public void Uniform_ManyDraws_StayInHalfOpenRange()
    {
        var random = new SeededRandom(8);

        for (var i = 0; i < Draws; i++) Assert.InRange(random.Uniform(0.03, 0.08), 0.03, Math.BitDecrement(0.08));
    }

    [Fact]
    public void Normal_ManyDraws_HasStandardMeanAndDeviation()
    {
        var random = new SeededRandom(3);
        var sum = 0.0;
        var sumOfSquares = 0.0;

        for (var i = 0; i < Draws; i++)
        {
            var x = random.Normal();
            sum += x;
            sumOfSquares += x * x;
        }

        var mean = sum / Draws;
        var sd = Math.Sqrt(sumOfSquares / Draws - mean * mean);
        // Standard errors are 0.0032 for the mean and 0.0022 for the sd.
        Assert.InRange(mean, -0.015, 0.015);
        Assert.InRange(sd, 0.99, 1.01);
    }

    [Fact]
    public void Normal_WithMeanAndDeviation_ScalesTheStandardDraw()
    {
        var standard = new SeededRandom(4);
        var scaled = new SeededRandom(4);

        Assert.Equal(10.0 + 2.0 * standard.Normal(), scaled.Normal(10.0, 2.0));
    }

    [Fact]
    public void NextInt_ManyDraws_CoversEveryValueEvenly()
    {
        var random = new SeededRandom(5);
        var counts = new int[6];

        for (var i = 0; i < 60_000; i++) counts[random.NextInt(6)]++;

        // Each count is Binomial(60000, 1/6): mean 10000, sd 91; five of them.
        Assert.All(counts, c => Assert.InRange(c, 9_545, 10_455));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void NextInt_NonPositiveCount_Throws(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeededRandom(1).NextInt(count));
    }
}
