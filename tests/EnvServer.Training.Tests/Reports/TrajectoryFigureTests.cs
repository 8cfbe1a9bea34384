using System.Globalization;
using System.Xml.Linq;
using EnvServer.Training.Reports;
using static EnvServer.Training.Tests.Plotting.SvgQuery;

namespace EnvServer.Training.Tests.Reports;

public sealed class TrajectoryFigureTests
{
    [Fact]
    public void HivFigure_TreatmentChanges_DrawsABandPerRunOfOneTreatmentInBothPanels()
    {
        // Runs: 0 0 | 3 3 3 | 1 | 0 | 2 2 → five bands.
        var trajectory = SyntheticTrajectory.Hiv([0, 0, 3, 3, 3, 1, 0, 2, 2]);

        var document = XDocument.Parse(TrajectoryFigure.For("hiv", "default_patient", trajectory).ToSvg());

        var bands = Elements(document, "rect", "band").ToList();
        Assert.Equal(2 * 5, bands.Count);
        var spans = HivFigure.Bands(trajectory).Select(b => (b.From, b.To, b.Label)).ToList();
        Assert.Equal(
            [(0.0, 10.0, "no treatment"), (30.0, 35.0, "no treatment"), (25.0, 30.0, "PI only"), (35.0, 45.0, "RTI only"), (10.0, 25.0, "RTI + PI")],
            spans);
        Assert.Equal(["no treatment", "PI only", "RTI only", "RTI + PI"], Texts(document, "legend").Take(4));
    }

    [Fact]
    public void HivFigure_CdFourAndViralLoad_AreLinesOnLogAxesOverTheDays()
    {
        var trajectory = SyntheticTrajectory.Hiv([3, 3, 3, 3]);

        var document = XDocument.Parse(TrajectoryFigure.For("hiv", "default_patient", trajectory).ToSvg());

        Assert.Equal(["CD4 count", "Viral load"], Texts(document, "chart-title"));
        Assert.Equal(2, Elements(document, "polyline", "series").Count());
        Assert.All(Elements(document, "polyline", "series"), p => Assert.Equal(5, p.Attribute("points")!.Value.Split(' ').Length));
        var tickLabels = Texts(document, "tick-label").ToList();
        Assert.Contains("10⁴", tickLabels);
        Assert.Contains("10⁵", tickLabels);
        Assert.Contains("20", tickLabels); // day 20 = step 4
        Assert.Contains("return 4e6", Texts(document, "title").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void DrugDoseFigure_Episode_ShowsTheWindowAsABandAndABarPerDose()
    {
        var observations = Enumerable.Range(0, 6)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $$"""{"concentration":{{0.6 * t}},"dose":{{(t == 0 ? 0 : 0.6)}},"target_low":2.0,"target_high":3.0}"""))
            .ToArray();
        var trajectory = SyntheticTrajectory.Build(observations, [0.6f, 0.6f, 0.6f, 0.6f, 0.6f], [-1, -1, 0, 1, 1]);

        var document = XDocument.Parse(TrajectoryFigure.For("drug-dose", "fixed_patient", trajectory).ToSvg());

        Assert.Single(Elements(document, "rect", "band"));
        Assert.Equal(5, Elements(document, "rect", "bar").Count());
        Assert.Contains("therapeutic window", Texts(document, "legend"));
    }

    [Fact]
    public void RewardFigure_OtherEnvironment_ShowsRewardReturnAndAction()
    {
        var observations = Enumerable.Range(0, 4).Select(t => $$"""{"heart_rate":"low","features":[{{t}}]}""").ToArray();
        var trajectory = SyntheticTrajectory.Build(observations, [1, 4, 7], [0, 0, 1]);

        var document = XDocument.Parse(TrajectoryFigure.For("sepsis", "full_state", trajectory).ToSvg());

        Assert.Equal(["Reward per step", "Return so far", "Action"], Texts(document, "chart-title"));
        var bars = Elements(document, "rect", "bar").ToList();
        Assert.Equal(3, bars.Count);
        Assert.Single(bars, b => b.Attribute("height")!.Value != "0");
    }
}
