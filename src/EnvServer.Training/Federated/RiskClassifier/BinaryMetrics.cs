namespace EnvServer.Training.Federated.RiskClassifier;

/// <summary>Accuracy, log loss and ROC AUC of predicted probabilities against binary labels.</summary>
internal static class BinaryMetrics
{
    public static double Accuracy(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels) =>
        probabilities.Zip(labels, (p, y) => p >= 0.5 == y ? 1.0 : 0.0).Average();

    public static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels) =>
        probabilities.Zip(labels, (p, y) => -Math.Log(Math.Clamp(y ? p : 1 - p, 1e-12, 1))).Average();

    /// <summary>The probability that a random positive scores above a random negative (ties count half): the
    /// Mann–Whitney U statistic over average ranks. NaN when one class is absent.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            for (var k = start; k <= end; k++) ranks[order[k]] = (start + end) / 2.0 + 1;
            start = end + 1;
        }

        var positives = labels.Count(y => y);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        var rankSum = Enumerable.Range(0, labels.Count).Where(i => labels[i]).Sum(i => ranks[i]);
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
