using ScottPlot;

namespace EnvServer.Training.SepsisPrediction;

/// <summary>The report's figures, drawn with ScottPlot: ROC and precision-recall curves of each balancing's models on
/// the test patients, and the GAN's losses over training.</summary>
internal static class SepsisFigures
{
    private const int Width = 800;
    private const int Height = 600;

    // A curve over thousands of test rows draws the same with a few hundred of its points.
    private const int MaxPoints = 400;

    public static void Roc(string path, BalancingKind balancing, IReadOnlyList<ModelResult> results)
    {
        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.Color = Colors.Gray;
        chance.LegendText = "chance";
        foreach (var result in results)
        {
            AddCurve(plot, result.Roc, FormattableString.Invariant($"{SepsisPredictionPipeline.Name(result.Model)} (AUC {result.RocAuc:0.000})"));
        }

        Finish(plot, $"ROC on test patients, balancing {SepsisPredictionPipeline.Name(balancing)}", "false positive rate", "true positive rate", Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }

    public static void PrecisionRecall(string path, BalancingKind balancing, IReadOnlyList<ModelResult> results, double prevalence)
    {
        var plot = new Plot();
        var constant = plot.Add.Line(0, prevalence, 1, prevalence);
        constant.LinePattern = LinePattern.Dashed;
        constant.Color = Colors.Gray;
        constant.LegendText = FormattableString.Invariant($"constant predictor ({prevalence:0.000})");
        foreach (var result in results)
        {
            AddCurve(plot, result.Pr, FormattableString.Invariant($"{SepsisPredictionPipeline.Name(result.Model)} (AP {result.PrAuc:0.000})"));
        }

        Finish(plot, $"Precision-recall on test patients, balancing {SepsisPredictionPipeline.Name(balancing)}", "recall", "precision", Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    public static void GanLosses(string path, IReadOnlyList<GanLoss> losses)
    {
        var plot = new Plot();
        var steps = losses.Select(loss => (double)loss.Step).ToArray();
        void Add(string label, Func<GanLoss, double> value) => plot.Add.ScatterLine(steps, losses.Select(value).ToArray()).LegendText = label;
        Add("critic loss (with penalty)", loss => loss.Critic);
        Add("generator loss", loss => loss.Generator);
        Add("Wasserstein estimate", loss => loss.Wasserstein);
        Add("gradient penalty", loss => loss.GradientPenalty);
        plot.Title("WGAN-GP on the minority training rows");
        plot.XLabel("generator step");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    private static void AddCurve(Plot plot, IReadOnlyList<CurvePoint> curve, string label)
    {
        var stride = Math.Max(1, curve.Count / MaxPoints);
        var points = curve.Where((_, i) => i % stride == 0 || i == curve.Count - 1).ToArray();
        var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
        line.LegendText = label;
        line.LineWidth = 2;
    }

    private static void Finish(Plot plot, string title, string x, string y, Alignment legend)
    {
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        plot.ShowLegend(legend);
    }
}
