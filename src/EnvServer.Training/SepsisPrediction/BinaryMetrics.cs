namespace EnvServer.Training.SepsisPrediction;

/// <summary>A point of a ROC curve (false and true positive rate) or of a precision-recall curve (recall, precision).</summary>
internal readonly record struct CurvePoint(double X, double Y);

/// <summary>Counts at one threshold and the rates a report gives.</summary>
internal readonly record struct Confusion(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public double Accuracy => (double)(TruePositives + TrueNegatives) / (TruePositives + FalsePositives + TrueNegatives + FalseNegatives);

    /// <summary>0 when nothing is predicted positive (scikit-learn's zero_division=0).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => 2 * TruePositives + FalsePositives + FalseNegatives == 0 ? 0 : 2.0 * TruePositives / (2 * TruePositives + FalsePositives + FalseNegatives);
}

/// <summary>Threshold-free and thresholded metrics of scores against binary labels, with ties handled as scikit-learn does.</summary>
internal static class BinaryMetrics
{
    public static Confusion At(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var predicted = scores[i] >= threshold;
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }

        return new Confusion(tp, fp, tn, fn);
    }

    /// <summary>The probability that a random positive scores above a random negative (ties count half).</summary>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels) => Trapezoid(RocCurve(scores, labels));

    /// <summary>Average precision: the sum over thresholds of precision times the recall gained (no interpolation).</summary>
    public static double PrAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var (positives, _) = Count(labels);
        var average = 0.0;
        var previousRecall = 0.0;
        foreach (var (tp, fp) in Cumulative(scores, labels))
        {
            var recall = (double)tp / positives;
            average += (recall - previousRecall) * tp / (tp + fp);
            previousRecall = recall;
        }

        return average;
    }

    /// <summary>From (0, 0) to (1, 1), one point per distinct score.</summary>
    public static IReadOnlyList<CurvePoint> RocCurve(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var (positives, negatives) = Count(labels);
        return [new CurvePoint(0, 0), .. Cumulative(scores, labels).Select(c => new CurvePoint((double)c.FalsePositives / negatives, (double)c.TruePositives / positives))];
    }

    /// <summary>One point per distinct score, recall rising.</summary>
    public static IReadOnlyList<CurvePoint> PrCurve(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var (positives, _) = Count(labels);
        return Cumulative(scores, labels).Select(c => new CurvePoint((double)c.TruePositives / positives, (double)c.TruePositives / (c.TruePositives + c.FalsePositives))).ToList();
    }

    /// <summary>The threshold (one of the scores) with the highest F1 on these rows; the validation rows pick it.</summary>
    public static double BestF1Threshold(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var (positives, _) = Count(labels);
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double best = -1, threshold = double.PositiveInfinity;
        int tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++;
            else fp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue;
            var f1 = 2.0 * tp / (tp + fp + positives);
            if (f1 > best) (best, threshold) = (f1, scores[order[k]]);
        }

        return threshold;
    }

    private static (int Positives, int Negatives) Count(IReadOnlyList<bool> labels)
    {
        var positives = labels.Count(label => label);
        if (positives == 0 || positives == labels.Count) throw new InvalidDataException("the rows need both classes for ROC and precision-recall.");
        return (positives, labels.Count - positives);
    }

    /// <summary>True and false positives when predicting positive at or above each distinct score, highest first.</summary>
    private static IEnumerable<(int TruePositives, int FalsePositives)> Cumulative(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        if (scores.Count != labels.Count) throw new ArgumentException("scores and labels differ in length.");
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        int tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++;
            else fp++;
            if (k + 1 == order.Length || scores[order[k + 1]] != scores[order[k]]) yield return (tp, fp);
        }
    }

    private static double Trapezoid(IReadOnlyList<CurvePoint> curve)
    {
        var area = 0.0;
        for (var i = 1; i < curve.Count; i++) area += (curve[i].X - curve[i - 1].X) * (curve[i].Y + curve[i - 1].Y) / 2;
        return area;
    }
}
