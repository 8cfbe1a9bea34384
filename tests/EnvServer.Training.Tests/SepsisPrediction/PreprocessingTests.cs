using EnvServer.Training.SepsisPrediction;

namespace EnvServer.Training.Tests.SepsisPrediction;

public sealed class PreprocessingTests
{
    private static PatientStay Stay(string id, params (double Hr, double Map)[] hours) => new(
        id,
        "test",
        hours.Select(hour =>
        {
            var values = Enumerable.Repeat(double.NaN, PsvFormat.ValueCount).ToArray();
            values[PsvFormat.IndexOf("HR")] = hour.Hr;
            values[PsvFormat.IndexOf("MAP")] = hour.Map;
            values[PsvFormat.IndexOf("Gender")] = 1;
            return values;
        }).ToArray(),
        new int[hours.Length]);

    [Fact]
    public void Transform_GapsInStay_CarriedForwardThenTrainingMedianBeforeFirstMeasurement()
    {
        var training = new[] { Stay("a", (60, 70), (70, 80), (80, 90), (90, 100)) };
        var preprocessor = HourlyPreprocessor.Fit(training, maxMissing: 0.5, iqrFactor: 3);
        var hr = Array.IndexOf(preprocessor.KeptColumns, PsvFormat.IndexOf("HR"));
        var map = Array.IndexOf(preprocessor.KeptColumns, PsvFormat.IndexOf("MAP"));

        var hours = preprocessor.Transform(Stay("b", (double.NaN, 66), (100, double.NaN), (double.NaN, double.NaN)));

        Assert.Equal([75, 100, 100], hours.Select(h => h[hr]));
        Assert.Equal([66, 66, 66], hours.Select(h => h[map]));
    }

    [Fact]
    public void Fit_ColumnsMissingAboveThreshold_DroppedOthersKept()
    {
        var training = new[] { Stay("a", (60, double.NaN), (70, double.NaN), (80, 90), (90, double.NaN)) };

        var preprocessor = HourlyPreprocessor.Fit(training, maxMissing: 0.5, iqrFactor: 3);

        Assert.Equal(["HR", "Gender"], preprocessor.KeptNames);
        Assert.Equal(0.75, preprocessor.MissingShare[PsvFormat.IndexOf("MAP")]);
        Assert.Contains("MAP", preprocessor.DroppedNames);
    }

    [Fact]
    public void Transform_ValueBeyondIqrFence_ClippedToFence()
    {
        // Quartiles of 70, 72, 74, 76, 78 are 72 and 76: fences at 1.5 · 4 beyond them, 66 and 82.
        var training = new[] { Stay("a", (70, 80), (72, 80), (74, 80), (76, 80), (78, 80)) };
        var preprocessor = HourlyPreprocessor.Fit(training, maxMissing: 0.5, iqrFactor: 1.5);
        var hr = Array.IndexOf(preprocessor.KeptColumns, PsvFormat.IndexOf("HR"));

        var hours = preprocessor.Transform(Stay("b", (200, 80), (10, 80), (75, 80)));

        Assert.Equal([82, 66, 75], hours.Select(h => h[hr]));
        // MAP's quartiles coincide: no fences, the column is not clipped.
        Assert.Equal(double.PositiveInfinity, preprocessor.Upper[Array.IndexOf(preprocessor.KeptColumns, PsvFormat.IndexOf("MAP"))]);
    }

    [Fact]
    public void Build_WindowOfThreeHours_MeanMinMaxAndTrendOfPastHoursOnly()
    {
        var training = new[] { Stay("a", (60, 70), (70, 70), (80, 70), (110, 70)) };
        var preprocessor = HourlyPreprocessor.Fit(training, maxMissing: 0.5, iqrFactor: 3);

        var table = WindowFeatures.Build(training, preprocessor, window: 3);

        var names = table.Names.ToList();
        float Feature(int hour, string name) => table.Features[hour][names.IndexOf(name)];
        Assert.Equal(60, Feature(0, "HR_mean"));
        Assert.Equal(0, Feature(0, "HR_trend"));
        Assert.Equal(65, Feature(1, "HR_mean"));
        Assert.Equal(10, Feature(1, "HR_trend"), 4);
        Assert.Equal(70, Feature(2, "HR_mean"));
        // Hours 1..3 (70, 80, 110): slope 20 per hour, the first hour no longer in the window.
        Assert.Equal(70, Feature(3, "HR_min"));
        Assert.Equal(110, Feature(3, "HR_max"));
        Assert.Equal(20, Feature(3, "HR_trend"), 4);
        Assert.Equal(1, Feature(3, "Gender"));
    }

    [Fact]
    public void Standardizer_TrainingRows_MeanZeroUnitSd()
    {
        var training = new FeatureTable(["x", "constant"], [[1f, 5f], [2f, 5f], [3f, 5f]], [false, true, false], [0, 0, 0]);

        var scaled = Standardizer.Fit(training).Transform(training);

        Assert.Equal(0, scaled.Features.Average(row => row[0]), 6);
        Assert.Equal(1, Math.Sqrt(scaled.Features.Average(row => row[0] * row[0])), 5);
        Assert.All(scaled.Features, row => Assert.Equal(0, row[1]));
    }
}
