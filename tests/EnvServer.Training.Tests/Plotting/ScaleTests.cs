using EnvServer.Training.Plotting;

namespace EnvServer.Training.Tests.Plotting;

public sealed class ScaleTests
{
    [Fact]
    public void LogScaleCovering_ValuesOverSixDecades_SpansWholeDecadesWithATickEach()
    {
        var scale = LogScale.Covering([3, 450, 2e6]);

        Assert.Equal(1, scale.Min);
        Assert.Equal(1e7, scale.Max);
        Assert.Equal([1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7], scale.Ticks());
    }

    [Fact]
    public void LogScaleTicks_TwoDecades_AddsTwoAndFiveBetweenDecades()
    {
        var scale = LogScale.Covering([12, 700]);

        Assert.Equal([10, 20, 50, 100, 200, 500, 1000], scale.Ticks());
    }

    [Fact]
    public void LogScaleTicks_SixteenDecades_KeepsEveryOtherDecade()
    {
        var ticks = LogScale.Covering([1e-6, 1e10]).Ticks();

        Assert.Equal([1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6, 1e8, 1e10], ticks);
    }

    [Fact]
    public void LogScaleCovering_NonPositiveValues_AreLeftOutAndMapToNaN()
    {
        var scale = LogScale.Covering([0, -5, 20, 80]);

        Assert.Equal(10, scale.Min);
        Assert.Equal(100, scale.Max);
        Assert.True(double.IsNaN(scale.Fraction(0)));
        Assert.Equal(0.5, scale.Fraction(Math.Sqrt(10) * 10), 12);
    }

    [Fact]
    public void LogScaleLabel_WideAxis_WritesPowersOfTenOnEveryTick()
    {
        var scale = LogScale.Covering([2e3, 3e5]);

        Assert.Equal(["10³", "10⁴", "10⁵", "10⁶"], scale.Ticks().Select(scale.Label));
        Assert.Equal("2×10⁵", scale.Label(2e5));
    }

    [Fact]
    public void LogScaleLabel_EverydayAxis_WritesNumbersOut()
    {
        var scale = LogScale.Covering([0.05, 40]);

        Assert.Equal(["0.01", "0.1", "1", "10", "100"], scale.Ticks().Select(scale.Label));
    }

    [Fact]
    public void LinearScaleCovering_ArbitraryRange_ExtendsToNiceStepsOfTwo()
    {
        var scale = LinearScale.Covering([0.3, 9.7]);

        Assert.Equal(0, scale.Min);
        Assert.Equal(10, scale.Max);
        Assert.Equal([0, 2, 4, 6, 8, 10], scale.Ticks());
    }

    [Fact]
    public void LinearScaleLabel_DecimalSteps_HasNoFloatingPointNoise()
    {
        var scale = LinearScale.Covering([0, 0.3]);

        Assert.Equal(["0", "0.1", "0.2", "0.3"], scale.Ticks().Select(scale.Label));
    }

    [Fact]
    public void LinearScaleLabel_HugeReturns_UsesExponents()
    {
        var scale = LinearScale.Covering([0, 2.2e10]);

        Assert.Equal("5e9", scale.Label(5e9));
        Assert.Equal("2.5e10", scale.Label(2.5e10));
    }

    [Fact]
    public void LinearScaleCovering_IntegersOverOneStep_TicksOnlyWholeNumbers()
    {
        Assert.Equal([0, 1], LinearScale.Covering([0, 1], integers: true).Ticks());
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1], LinearScale.Covering([0, 1]).Ticks());
    }

    [Fact]
    public void LinearScaleCovering_ConstantSeries_StillHasARange()
    {
        var scale = LinearScale.Covering([4, 4, 4]);

        Assert.True(scale.Min < 4 && scale.Max > 4);
        Assert.Equal(0.5, scale.Fraction(4), 12);
    }

    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(1.3, 2)]
    [InlineData(3, 5)]
    [InlineData(7, 10)]
    [InlineData(0.013, 0.02)]
    [InlineData(4e9, 5e9)]
    public void NiceStep_RoughStep_RoundsUpToOneTwoOrFive(double rough, double nice)
    {
        Assert.Equal(nice, LinearScale.NiceStep(rough), 12);
    }
}
