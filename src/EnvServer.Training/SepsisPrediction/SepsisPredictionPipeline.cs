using System.Diagnostics;

namespace EnvServer.Training.SepsisPrediction;

/// <summary>The outcome of one classifier with one balancing on the test patients.</summary>
internal sealed record ModelResult(
    ClassifierKind Model,
    BalancingKind Balancing,
    double Threshold,
    Confusion Confusion,
    double RocAuc,
    double PrAuc,
    double Utility,
    IReadOnlyList<CurvePoint> Roc,
    IReadOnlyList<CurvePoint> Pr,
    TimeSpan TrainingTime);

/// <summary>The model rows of the three splits after preprocessing, and what was fit on the training patients.</summary>
internal sealed record PreparedData(PatientSplit Split, HourlyPreprocessor Preprocessor, Standardizer Standardizer, FeatureTable Train, FeatureTable Validation, FeatureTable Test);

/// <summary>What the GAN learned and how close its rows come to the real minority rows.</summary>
internal sealed record GanOutcome(IReadOnlyList<GanLoss> Losses, GanFidelity Fidelity, int RowsAdded);

internal sealed record SepsisPredictionResult(PreparedData Data, IReadOnlyList<ModelResult> Results, GanOutcome? Gan);

/// <summary>
/// The supervised half of the sepsis seed: split by patient, preprocess (fit on training patients), balance the
/// training rows, train each classifier, choose its threshold on the validation patients (best F1) and measure it on
/// the test patients.
/// </summary>
internal static class SepsisPredictionPipeline
{
    public static SepsisPredictionResult Run(IReadOnlyList<PatientStay> stays, SepsisPredictionOptions options, TextWriter log)
    {
        var data = Prepare(stays, options);
        log.WriteLine($"split: {Describe(data.Split.Train)} train, {Describe(data.Split.Validation)} validation, {Describe(data.Split.Test)} test; {data.Train.Names.Count} features");

        GanOutcome? gan = null;
        var results = new List<ModelResult>();
        foreach (var balancing in options.Balancings)
        {
            var training = data.Train;
            switch (balancing)
            {
                case BalancingKind.Oversample:
                    training = RandomOversampler.Balance(data.Train, options.TargetRatio, options.Seed);
                    break;
                case BalancingKind.Gan:
                    (training, gan) = BalanceWithGan(data.Train, options, log);
                    break;
            }

            log.WriteLine($"balancing {Name(balancing)}: {training.Positives} positive of {training.Count} training rows");
            foreach (var model in options.Models)
            {
                var clock = Stopwatch.StartNew();
                var classifier = Classifier.Train(model, training, options.Seed);
                var trainingTime = clock.Elapsed;
                var threshold = BinaryMetrics.BestF1Threshold(classifier.Score(data.Validation), data.Validation.Labels);
                var scores = classifier.Score(data.Test);
                var result = new ModelResult(
                    model, balancing, threshold,
                    BinaryMetrics.At(scores, data.Test.Labels, threshold),
                    BinaryMetrics.RocAuc(scores, data.Test.Labels),
                    BinaryMetrics.PrAuc(scores, data.Test.Labels),
                    Utility(data.Split.Test, data.Test, scores, threshold),
                    BinaryMetrics.RocCurve(scores, data.Test.Labels),
                    BinaryMetrics.PrCurve(scores, data.Test.Labels),
                    trainingTime);
                results.Add(result);
                log.WriteLine(FormattableString.Invariant($"  {Name(model),-9} roc_auc {result.RocAuc:0.000}  pr_auc {result.PrAuc:0.000}  utility {result.Utility:0.000}  ({trainingTime.TotalSeconds:0.0} s)"));
            }
        }

        return new SepsisPredictionResult(data, results, gan);
    }

    /// <summary>Everything fit here sees the training patients only; validation and test rows are only transformed.</summary>
    public static PreparedData Prepare(IReadOnlyList<PatientStay> stays, SepsisPredictionOptions options)
    {
        var split = PatientSplit.Create(stays, options.ValidationShare, options.TestShare, options.Seed);
        var preprocessor = HourlyPreprocessor.Fit(split.Train, options.MaxMissing, options.IqrFactor);
        var train = WindowFeatures.Build(split.Train, preprocessor, options.Window);
        var standardizer = Standardizer.Fit(train);
        return new PreparedData(
            split, preprocessor, standardizer,
            standardizer.Transform(train),
            standardizer.Transform(WindowFeatures.Build(split.Validation, preprocessor, options.Window)),
            standardizer.Transform(WindowFeatures.Build(split.Test, preprocessor, options.Window)));
    }

    /// <summary>Trains the GAN on the minority rows of <paramref name="training"/> and adds its rows up to the target ratio.</summary>
    public static (FeatureTable Balanced, GanOutcome Outcome) BalanceWithGan(FeatureTable training, SepsisPredictionOptions options, TextWriter log)
    {
        var minority = training.Rows(true);
        var clock = Stopwatch.StartNew();
        using var gan = WganGp.Train(minority, options.Gan, options.Seed);
        var added = gan.Sample(RandomOversampler.RowsToAdd(training, options.TargetRatio));
        var fidelity = GanFidelity.Measure(training.Names, minority, gan.Sample(minority.Length), options.Seed);
        log.WriteLine(FormattableString.Invariant(
            $"gan: {options.Gan.Steps} steps on {minority.Length} minority rows in {clock.Elapsed.TotalSeconds:0.0} s; real-vs-generated AUC {fidelity.TwoSampleAuc:0.000}, mean |Δmean| {fidelity.MeanAbsoluteMeanGap:0.000} sd"));
        return (training.Append(added, true), new GanOutcome(gan.Losses, fidelity, added.Length));
    }

    public static string Name(ClassifierKind model) => model.ToString().ToLowerInvariant();

    public static string Name(BalancingKind balancing) => balancing.ToString().ToLowerInvariant();

    /// <summary>The normalised utility of the thresholded hourly predictions, patient by patient.</summary>
    private static double Utility(IReadOnlyList<PatientStay> stays, FeatureTable table, double[] scores, double threshold)
    {
        var predictions = stays.Select(stay => new List<bool>(stay.Hours)).ToArray();
        for (var i = 0; i < table.Count; i++) predictions[table.Patients[i]].Add(scores[i] >= threshold);
        return UtilityScore.Normalized(stays.Select((stay, patient) => (stay.Labels, predictions[patient].ToArray())).ToList());
    }

    private static string Describe(IReadOnlyList<PatientStay> stays) => $"{stays.Count} patients ({stays.Count(stay => stay.IsSeptic)} septic)";
}
