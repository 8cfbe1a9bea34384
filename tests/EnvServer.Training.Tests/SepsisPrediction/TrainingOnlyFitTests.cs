using EnvServer.Training.SepsisPrediction;

namespace EnvServer.Training.Tests.SepsisPrediction;

/// <summary>Imputation, outlier fences, scaling and the GAN are fit on the training patients only: changing every
/// validation and test value leaves them as they were, changing training values does not. The GAN test seeds torch's
/// global generator twice and compares, so these run alone: no other test may draw from it in between.</summary>
[Collection(EnvServer.Training.Tests.Algorithms.SeededTorchCollection.Name)]
public sealed class TrainingOnlyFitTests
{
    private static readonly SepsisPredictionOptions Options = new(
        [ClassifierKind.Logistic], [BalancingKind.Gan], new GanOptions(Steps: 20, HiddenSize: 16, BatchSize: 16, LogEvery: 5), Seed: 3);

    private static readonly IReadOnlyList<PatientStay> Cohort = SyntheticCohort.Generate(150, 21).ToList();

    /// <summary>The cohort with every measured value of the chosen patients multiplied, labels untouched.</summary>
    private static List<PatientStay> Distorted(IEnumerable<string> ids, double factor)
    {
        var chosen = ids.ToHashSet();
        return Cohort.Select(stay => chosen.Contains(stay.Id)
            ? stay with { Values = stay.Values.Select(hour => hour.Select(value => value * factor).ToArray()).ToArray() }
            : stay).ToList();
    }

    private static IEnumerable<string> HeldOut(PreparedData data) => data.Split.Validation.Concat(data.Split.Test).Select(s => s.Id);

    [Fact]
    public void Prepare_HeldOutPatientsDistorted_PreprocessingAndScalingUnchanged()
    {
        var original = SepsisPredictionPipeline.Prepare(Cohort, Options);
        var distorted = SepsisPredictionPipeline.Prepare(Distorted(HeldOut(original), 7.5), Options);

        Assert.Equal(original.Preprocessor.KeptColumns, distorted.Preprocessor.KeptColumns);
        Assert.Equal(original.Preprocessor.MissingShare, distorted.Preprocessor.MissingShare);
        Assert.Equal(original.Preprocessor.Medians, distorted.Preprocessor.Medians);
        Assert.Equal(original.Preprocessor.Lower, distorted.Preprocessor.Lower);
        Assert.Equal(original.Preprocessor.Upper, distorted.Preprocessor.Upper);
        Assert.Equal(original.Standardizer.Means, distorted.Standardizer.Means);
        Assert.Equal(original.Standardizer.Deviations, distorted.Standardizer.Deviations);
        // The held-out rows themselves do change: the distortion reached them.
        Assert.NotEqual(original.Test.Features[0], distorted.Test.Features[0]);
    }

    [Fact]
    public void Prepare_TrainingPatientsDistorted_PreprocessingAndScalingChange()
    {
        var original = SepsisPredictionPipeline.Prepare(Cohort, Options);
        var distorted = SepsisPredictionPipeline.Prepare(Distorted(original.Split.Train.Select(s => s.Id), 7.5), Options);

        Assert.NotEqual(original.Preprocessor.Medians, distorted.Preprocessor.Medians);
        Assert.NotEqual(original.Preprocessor.Upper, distorted.Preprocessor.Upper);
        Assert.NotEqual(original.Standardizer.Means, distorted.Standardizer.Means);
    }

    [Fact]
    public void BalanceWithGan_HeldOutPatientsDistorted_SameGeneratedRows()
    {
        var original = SepsisPredictionPipeline.Prepare(Cohort, Options);
        var distorted = SepsisPredictionPipeline.Prepare(Distorted(HeldOut(original), 7.5), Options);

        var (first, firstOutcome) = SepsisPredictionPipeline.BalanceWithGan(original.Train, Options, TextWriter.Null);
        var (second, secondOutcome) = SepsisPredictionPipeline.BalanceWithGan(distorted.Train, Options, TextWriter.Null);

        Assert.True(firstOutcome.RowsAdded > 0);
        Assert.Equal(first.Features[^1], second.Features[^1]);
        Assert.Equal(firstOutcome.Losses, secondOutcome.Losses);
    }

    [Fact]
    public void BalanceWithGan_TrainingRows_AddsPositivesUpToTargetRatioAndLogsLosses()
    {
        var data = SepsisPredictionPipeline.Prepare(Cohort, Options);

        var (balanced, outcome) = SepsisPredictionPipeline.BalanceWithGan(data.Train, Options, TextWriter.Null);

        var negatives = data.Train.Count - data.Train.Positives;
        Assert.Equal(Math.Round(Options.TargetRatio * negatives), balanced.Positives, 0);
        Assert.Equal(negatives, balanced.Count - balanced.Positives);
        Assert.Equal(Enumerable.Range(1, 4).Select(i => i * 5), outcome.Losses.Select(loss => loss.Step));
        Assert.All(outcome.Losses, loss => Assert.True(double.IsFinite(loss.Critic) && double.IsFinite(loss.Generator)));
        Assert.Equal(data.Train.Names.Count, outcome.Fidelity.Moments.Count);
        Assert.InRange(outcome.Fidelity.TwoSampleAuc, 0, 1);
    }
}
