namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// The PhysioNet/Computing in Cardiology Challenge 2019 utility score (Reyna et al., Crit Care Med 2020;
/// evaluate_sepsis_score.py). With t_sepsis = the first labelled hour + 6 (clinical onset), a positive prediction at
/// hour t of a septic patient earns up to 1 from 12 to 6 hours before onset (rising linearly from 0, never below the
/// false-alarm cost) and falling linearly to 0 at 3 hours after onset; a missed septic hour costs nothing until 6 hours
/// before onset and then up to −2 at 3 hours after; a positive prediction for a non-septic patient costs 0.05;
/// hours later than 3 after onset count nothing. The cohort's sum is normalised so that predicting no sepsis scores 0
/// and the best predictions (positive from 12 hours before to 3 after onset) score 1.
/// </summary>
internal static class UtilityScore
{
    private const double EarlyHours = -12;
    private const double OptimalHours = -6;
    private const double LateHours = 3;
    private const double MaxTruePositive = 1;
    private const double MinFalseNegative = -2;
    private const double FalsePositive = -0.05;

    public static double Normalized(IReadOnlyList<(int[] Labels, bool[] Predictions)> patients)
    {
        double observed = 0, best = 0, inaction = 0;
        foreach (var (labels, predictions) in patients)
        {
            if (labels.Length != predictions.Length) throw new ArgumentException("a patient's labels and predictions differ in length.");
            observed += Patient(labels, predictions);
            best += Patient(labels, BestPredictions(labels));
            inaction += Patient(labels, new bool[labels.Length]);
        }

        // A cohort without septic patients has best == inaction; there is nothing to normalise by.
        return best == inaction ? double.NaN : (observed - inaction) / (best - inaction);
    }

    /// <summary>The unnormalised utility of one patient's hourly predictions.</summary>
    public static double Patient(int[] labels, bool[] predictions)
    {
        var first = Array.IndexOf(labels, 1);
        var septic = first >= 0;
        var onset = septic ? first - OptimalHours : double.PositiveInfinity;
        var riseSlope = MaxTruePositive / (OptimalHours - EarlyHours);
        var riseIntercept = -riseSlope * EarlyHours;
        var fallSlope = -MaxTruePositive / (LateHours - OptimalHours);
        var fallIntercept = -fallSlope * LateHours;
        var missSlope = MinFalseNegative / (LateHours - OptimalHours);
        var missIntercept = -missSlope * OptimalHours;

        var total = 0.0;
        for (var t = 0; t < labels.Length; t++)
        {
            if (t > onset + LateHours) continue;
            var relative = t - onset;
            total += (septic, predictions[t]) switch
            {
                (true, true) when t <= onset + OptimalHours => Math.Max(riseSlope * relative + riseIntercept, FalsePositive),
                (true, true) => fallSlope * relative + fallIntercept,
                (false, true) => FalsePositive,
                (true, false) when t <= onset + OptimalHours => 0,
                (true, false) => missSlope * relative + missIntercept,
                (false, false) => 0,
            };
        }

        return total;
    }

    /// <summary>Positive from 12 hours before onset to 3 hours after it, as the challenge's scorer builds the optimum.</summary>
    private static bool[] BestPredictions(int[] labels)
    {
        var best = new bool[labels.Length];
        var first = Array.IndexOf(labels, 1);
        if (first < 0) return best;
        var onset = first - (int)OptimalHours;
        for (var t = Math.Max(0, onset + (int)EarlyHours); t < Math.Min(onset + (int)LateHours + 1, labels.Length); t++) best[t] = true;
        return best;
    }
}
