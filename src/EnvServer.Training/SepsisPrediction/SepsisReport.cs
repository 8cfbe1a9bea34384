using System.Globalization;
using System.Text;

namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// The report of a <c>sepsis-prediction</c> run: metrics.csv (one row per model and balancing, plus the constant
/// predictor), report.md (command, wall time, cohort, preprocessing, GAN fidelity, the table), the GAN's losses and
/// per-feature moments as CSV, and the figures.
/// </summary>
internal static class SepsisReport
{
    public const string MetricsHeader = "model,balancing,accuracy,precision,recall,f1,roc_auc,pr_auc,utility";

    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(string directory, string source, PsvCohort cohort, SepsisPredictionResult result, string command, TimeSpan wallTime)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        string Add(string name)
        {
            files.Add(Path.Combine(directory, name));
            return files[^1];
        }

        File.WriteAllText(Add("metrics.csv"), MetricsCsv(result));
        foreach (var group in result.Results.GroupBy(r => r.Balancing))
        {
            var name = SepsisPredictionPipeline.Name(group.Key);
            SepsisFigures.Roc(Add($"roc_{name}.png"), group.Key, [.. group]);
            SepsisFigures.PrecisionRecall(Add($"pr_{name}.png"), group.Key, [.. group], Prevalence(result.Data.Test));
        }

        if (result.Gan is { } gan)
        {
            File.WriteAllLines(Add("gan_losses.csv"), [
                "step,critic_loss,generator_loss,gradient_penalty,wasserstein_estimate",
                .. gan.Losses.Select(l => Invariant($"{l.Step},{l.Critic:R},{l.Generator:R},{l.GradientPenalty:R},{l.Wasserstein:R}"))]);
            File.WriteAllLines(Add("gan_fidelity.csv"), [
                "feature,real_mean,real_sd,generated_mean,generated_sd",
                .. gan.Fidelity.Moments.Select(m => Invariant($"{m.Feature},{m.RealMean:0.####},{m.RealSd:0.####},{m.GeneratedMean:0.####},{m.GeneratedSd:0.####}"))]);
            SepsisFigures.GanLosses(Add("gan_losses.png"), gan.Losses);
        }

        File.WriteAllText(Add("report.md"), Markdown(source, cohort, result, command, wallTime));
        return files;
    }

    public static string MetricsCsv(SepsisPredictionResult result)
    {
        var text = new StringBuilder(MetricsHeader).Append('\n');
        foreach (var row in Rows(result)) text.Append(string.Join(',', row)).Append('\n');
        return text.ToString();
    }

    /// <summary>The table printed at the end of a run and in report.md.</summary>
    public static string Table(SepsisPredictionResult result)
    {
        var text = new StringBuilder();
        text.AppendLine("| model | balancing | accuracy | precision | recall | f1 | roc_auc | pr_auc | utility |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows(result)) text.AppendLine($"| {string.Join(" | ", row)} |");
        return text.ToString();
    }

    /// <summary>The classifiers' rows, then the constant predictor's: always "no sepsis", whose PR-AUC is the share of
    /// positive test hours and whose utility is 0 by the definition of the normalisation.</summary>
    private static IEnumerable<string[]> Rows(SepsisPredictionResult result)
    {
        foreach (var r in result.Results)
        {
            yield return [SepsisPredictionPipeline.Name(r.Model), SepsisPredictionPipeline.Name(r.Balancing), F(r.Confusion.Accuracy), F(r.Confusion.Precision), F(r.Confusion.Recall), F(r.Confusion.F1), F(r.RocAuc), F(r.PrAuc), F(r.Utility)];
        }

        var prevalence = Prevalence(result.Data.Test);
        yield return ["constant", "-", F(1 - prevalence), F(0), F(0), F(0), F(0.5), F(prevalence), F(0)];
    }

    private static string Markdown(string source, PsvCohort cohort, SepsisPredictionResult result, string command, TimeSpan wallTime)
    {
        var data = result.Data;
        var stays = cohort.Stays;
        var hours = stays.Sum(s => (long)s.Hours);
        var labelled = stays.Sum(s => (long)s.Labels.Sum());
        var text = new StringBuilder();
        text.AppendLine("# Sepsis prediction run");
        text.AppendLine();
        text.AppendLine($"- command: `{command}`");
        text.AppendLine(Invariant($"- wall time: {wallTime.TotalSeconds:0} s on {Environment.ProcessorCount} cores"));
        text.AppendLine($"- data: {source}");
        text.AppendLine(Invariant($"- cohort: {stays.Count} patients, {stays.Count(s => s.IsSeptic)} septic ({100.0 * stays.Count(s => s.IsSeptic) / stays.Count:0.0} %), {hours} hours, {labelled} labelled 1 ({100.0 * labelled / hours:0.00} %)"));
        text.AppendLine($"- skipped files: {(cohort.Skipped.Count == 0 ? "none" : cohort.Skipped.Count.ToString(CultureInfo.InvariantCulture))}");
        foreach (var skipped in cohort.Skipped.Take(20)) text.AppendLine($"  - {skipped}");
        if (cohort.Skipped.Count > 20) text.AppendLine($"  - ... and {cohort.Skipped.Count - 20} more");
        text.AppendLine(Invariant($"- split by patient: train {data.Split.Train.Count}, validation {data.Split.Validation.Count}, test {data.Split.Test.Count}; model rows {data.Train.Count} / {data.Validation.Count} / {data.Test.Count}, positive {data.Train.Positives} / {data.Validation.Positives} / {data.Test.Positives}"));
        text.AppendLine($"- kept columns ({data.Preprocessor.KeptColumns.Length}): {string.Join(", ", data.Preprocessor.KeptNames)}");
        text.AppendLine($"- dropped columns (missing share in training hours): {string.Join(", ", data.Preprocessor.DroppedNames.Select(name => Invariant($"{name} {data.Preprocessor.MissingShare[PsvFormat.IndexOf(name)]:0.000}")))}");
        text.AppendLine($"- features: {data.Train.Names.Count}");
        if (result.Gan is { } gan)
        {
            text.AppendLine(Invariant($"- GAN: {gan.RowsAdded} rows generated; on {gan.Fidelity.RowsCompared} real and as many generated minority rows, a random forest tells them apart with held-out ROC-AUC {gan.Fidelity.TwoSampleAuc:0.000} (0.5 = indistinguishable); mean |generated − real mean| {gan.Fidelity.MeanAbsoluteMeanGap:0.000} training sd; median sd ratio {gan.Fidelity.MedianSdRatio:0.000} (gan_fidelity.csv, gan_losses.csv, gan_losses.png)"));
        }

        text.AppendLine();
        text.AppendLine("Thresholds: the best F1 on the validation patients. Metrics on the test patients' hours.");
        text.AppendLine();
        text.Append(Table(result));
        return text.ToString();
    }

    private static double Prevalence(FeatureTable table) => (double)table.Positives / table.Count;

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
