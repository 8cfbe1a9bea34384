using EnvServer.Training.SepsisPrediction;

namespace EnvServer.Training.Tests.SepsisPrediction;

public sealed class BinaryMetricsTests
{
    private static readonly double[] Scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2];
    private static readonly bool[] Labels = [true, false, true, false, false, true, false, false];

    [Fact]
    public void RocAuc_HandCounted_ShareOfOrderedPairs()
    {
        // Positives at 0.9, 0.7, 0.4 outrank 5, 4 and 2 of the 5 negatives: 11 of 15 pairs.
        Assert.Equal(11.0 / 15, BinaryMetrics.RocAuc(Scores, Labels), 12);
    }

    [Fact]
    public void RocAuc_TiedScores_CountHalf()
    {
        Assert.Equal(0.5, BinaryMetrics.RocAuc([0.5, 0.5, 0.5, 0.5], [true, false, true, false]), 12);
    }

    [Fact]
    public void PrAuc_HandCounted_AveragePrecision()
    {
        // Precision at each positive: 1/1, 2/3, 3/6.
        Assert.Equal((1 + 2.0 / 3 + 0.5) / 3, BinaryMetrics.PrAuc(Scores, Labels), 12);
    }

    [Fact]
    public void PrAuc_ConstantScore_EqualsPrevalence()
    {
        Assert.Equal(0.25, BinaryMetrics.PrAuc([1, 1, 1, 1, 1, 1, 1, 1], [true, false, false, false, true, false, false, false]), 12);
    }

    [Fact]
    public void BestF1Threshold_HandCounted_PicksTopThree()
    {
        // Predicting the top 3 (TP 2, FP 1, FN 1) gives F1 2/3, better than top 1 (0.5) or top 6 (0.667 = 6/9, equal: first wins).
        var threshold = BinaryMetrics.BestF1Threshold(Scores, Labels);

        Assert.Equal(0.7, threshold);
        var confusion = BinaryMetrics.At(Scores, Labels, threshold);
        Assert.Equal(new Confusion(2, 1, 4, 1), confusion);
        Assert.Equal(6.0 / 8, confusion.Accuracy, 12);
        Assert.Equal(2.0 / 3, confusion.Precision, 12);
        Assert.Equal(2.0 / 3, confusion.Recall, 12);
    }

    [Fact]
    public void RocCurve_HandCounted_StartsAtOriginEndsAtOne()
    {
        var curve = BinaryMetrics.RocCurve(Scores, Labels);

        Assert.Equal(new CurvePoint(0, 0), curve[0]);
        Assert.Equal(new CurvePoint(0, 1.0 / 3), curve[1]);
        Assert.Equal(new CurvePoint(1, 1), curve[^1]);
    }

    [Fact]
    public void RocAuc_OneClassOnly_ErrorSaysBothClassesNeeded()
    {
        var error = Assert.Throws<InvalidDataException>(() => BinaryMetrics.RocAuc([0.1, 0.2], [false, false]));
        Assert.Contains("both classes", error.Message);
    }
}
