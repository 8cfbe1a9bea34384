namespace EnvServer.Training.Federated.RiskClassifier;

/// <summary>One synthetic patient record: age (years), systolic and diastolic blood pressure (mmHg), fasting glucose
/// (mg/dL), number of comorbidities, a lab marker (CRP-like, mg/L), and whether the adverse outcome occurred.</summary>
internal sealed record ClinicalRecord(float[] Features, bool HighRisk);

/// <summary>
/// The seed-001 dataset, synthetic: one outcome model for everybody, P(high risk) = σ(z) with
/// z = −2 + 0.04·(age − 55) + 0.03·(sbp − 130) + 0.02·(dbp − 80) + 0.015·(glucose − 100) + 0.35·comorbidities
/// + 0.7·ln(marker) + 1·[glucose ≥ 126 and age ≥ 65], and hospitals whose populations differ (non-IID): hospital k of
/// K serves a population whose age, blood pressure, glucose, comorbidity and marker levels rise with k/(K − 1), from a
/// young community clinic (about 10 % high risk) to an elderly tertiary centre (about 69 %), so feature and label
/// distributions both shift, and larger k have more records (weights 1, 1.5, 2, ...). Records are drawn from a seeded generator per hospital: a client
/// generates only its own.
/// </summary>
internal static class ClinicalRecords
{
    public static readonly string[] FeatureNames = ["age", "systolic_bp", "diastolic_bp", "glucose", "comorbidity", "lab_marker"];

    /// <summary>Reference centre and scale of each feature (adult population), which the classifier standardises with.</summary>
    public static readonly float[] ReferenceMean = [55f, 130f, 80f, 110f, 1.5f, 3f];

    public static readonly float[] ReferenceScale = [15f, 18f, 11f, 30f, 1.3f, 3f];

    /// <summary>Hospital <paramref name="hospital"/>'s share of <paramref name="total"/> records.</summary>
    public static int Size(int hospital, int hospitals, int total)
    {
        var weights = Enumerable.Range(0, hospitals).Select(k => 1 + 0.5 * k).ToArray();
        return (int)Math.Round(total * weights[hospital] / weights.Sum());
    }

    /// <summary>Records of hospital <paramref name="hospital"/> of <paramref name="hospitals"/>.</summary>
    public static ClinicalRecord[] Hospital(int hospital, int hospitals, int count, int seed)
    {
        var shift = hospitals == 1 ? 0.5 : hospital / (hospitals - 1.0);
        var random = new Random(unchecked(seed * 1_000_003 + hospital * 101 + hospitals));
        return Enumerable.Range(0, count).Select(_ => Draw(random, shift)).ToArray();
    }

    /// <summary>A held-out set drawn from every hospital's population in turn.</summary>
    public static ClinicalRecord[] Pooled(int hospitals, int count, int seed)
    {
        var random = new Random(unchecked(seed * 1_000_003 - 1));
        return Enumerable.Range(0, count).Select(i => Draw(random, hospitals == 1 ? 0.5 : i % hospitals / (hospitals - 1.0))).ToArray();
    }

    private static ClinicalRecord Draw(Random random, double shift)
    {
        var age = Math.Clamp(Normal(random, 42 + 26 * shift, 11), 18, 95);
        var systolic = Normal(random, 118 + 0.35 * (age - 40) + 6 * shift, 12);
        var diastolic = Normal(random, 74 + 0.4 * (systolic - 120), 7);
        var glucose = Math.Max(60, Normal(random, 92 + 25 * shift + 0.2 * (age - 40), 18 + 10 * shift));
        var comorbidities = Poisson(random, 0.4 + 2.2 * shift);
        var marker = Math.Exp(Normal(random, 0.6 + 0.8 * shift, 0.7));

        var z = -2 + 0.04 * (age - 55) + 0.03 * (systolic - 130) + 0.02 * (diastolic - 80) + 0.015 * (glucose - 100)
            + 0.35 * comorbidities + 0.7 * Math.Log(marker) + (glucose >= 126 && age >= 65 ? 1 : 0);
        var highRisk = random.NextDouble() < 1 / (1 + Math.Exp(-z));
        return new ClinicalRecord([(float)age, (float)systolic, (float)diastolic, (float)glucose, comorbidities, (float)marker], highRisk);
    }

    private static double Normal(Random random, double mean, double std) =>
        mean + std * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Knuth's multiplication method, fine for small means.</summary>
    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble()) k++;
        return k;
    }
}
