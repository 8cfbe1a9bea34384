using System.Xml.Linq;
using EnvServer.Training.Federated;

namespace EnvServer.Training.Tests.Federated;

public sealed class ComparisonTests
{
    [Fact]
    public void ComparisonTable_HandResults_GivesTheRatioAndTheOtherHospitalsAverages()
    {
        var table = new ComparisonTable(["a", "b", "c"], "federated (fedavg)");
        table.Add(ComparisonTable.Standalone, "a", [10, 10], [0.5]);
        table.Add(ComparisonTable.Standalone, "b", [10, 10], [0.5]);
        table.Add(ComparisonTable.Standalone, "c", [10, 10], [0.5]);
        table.Add("federated (fedavg)", "a", [8, 10], [0.4]);
        table.Add("federated (fedavg)", "b", [9, 9], [0.4]);
        table.Add("federated (fedavg)", "c", [6, 12], [0.4]);
        table.Add(ComparisonTable.Alone("a"), "a", [12, 12], [0.6]);
        table.Add(ComparisonTable.Alone("a"), "b", [2, 4], [0.1]);
        table.Add(ComparisonTable.Alone("a"), "c", [4, 6], [0.1]);
        table.Add(ComparisonTable.Alone("b"), "a", [1, 1], [0.1]);
        table.Add(ComparisonTable.Alone("b"), "b", [12, 12], [0.6]);
        table.Add(ComparisonTable.Alone("b"), "c", [3, 3], [0.1]);

        var (alone, federated) = table.OnOtherHospitals(["a", "b"]);

        Assert.Equal(0.9, table.FederatedOverStandalone, 12);
        // a alone on b, c: (2+4+4+6)/4 = 4; b alone on a, c: (1+1+3+3)/4 = 2; mean 3.
        Assert.Equal(3, alone, 12);
        // Federated on b, c: (9+9+6+12)/4 = 9; on a, c: (8+10+6+12)/4 = 9.
        Assert.Equal(9, federated, 12);
        Assert.Contains("| a alone | 1.200e1 | 3.000e0 | 5.000e0 | 6.667e0 | 4.000e0 | 0.267 |", table.Markdown(["a", "b"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TwoSeriesOverTwoCategories_DrawsBarsProportionalToTheValues()
    {
        var svg = XDocument.Parse(BarChartSvg.Render("t <&>", "return", ["x", "y"], [("one", [2.0, 4.0]), ("two", [1.0, 0.0])]));
        XNamespace ns = "http://www.w3.org/2000/svg";

        var bars = svg.Descendants(ns + "rect").Where(r => r.Element(ns + "title") is not null)
            .ToDictionary(r => r.Element(ns + "title")!.Value.Split(':')[0], r => double.Parse(r.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(4, bars.Count);
        Assert.Equal(2 * bars["one, x"], bars["one, y"], 0);
        Assert.Equal(bars["two, x"] * 2, bars["one, x"], 0);
        Assert.Equal(0, bars["two, y"]);
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "t <&>");
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "0");
    }
}
