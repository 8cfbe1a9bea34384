using System.Globalization;
using System.Xml.Linq;
using EnvServer.Training.Plotting;
using static EnvServer.Training.Tests.Plotting.SvgQuery;

namespace EnvServer.Training.Tests.Plotting;

public sealed class FigureTests
{
    [Fact]
    public void ToSvg_TwoCharts_IsWellFormedSvgWithEscapedText()
    {
        var document = XDocument.Parse(Sample().ToSvg());

        Assert.Equal(Svg + "svg", document.Root!.Name);
        Assert.Equal(2, Elements(document, "rect", "plot-area").Count());
        Assert.Contains(Elements(document, "text", "legend"), t => t.Value == "dose < 5 & \"safe\"");
        Assert.Contains(Elements(document, "text", "title"), t => t.Value == "A figure");
    }

    [Fact]
    public void ToSvg_PointsBeyondTheAxes_AreDrawnInsideThePlotArea()
    {
        var outlier = new Line([new(0, 1), new(5, 100), new(10, 1e9), new(20, 1e-3)], "#000000", "series");
        var chart = new Chart("Clamped", new Axis("x", LinearScale.Covering([0, 10])), new Axis("y", LogScale.Covering([1, 100])),
            [outlier, new Bars([new(2, 50), new(10, 500)], "#ff0000", "bars")]);

        var document = XDocument.Parse(new Figure("Clamping", [chart]).ToSvg());

        var area = Elements(document, "rect", "plot-area").Single();
        var (left, top) = (Number(area, "x"), Number(area, "y"));
        var (right, bottom) = (left + Number(area, "width"), top + Number(area, "height"));
        var points = Elements(document, "polyline", "series").SelectMany(Points).ToList();
        Assert.Equal(4, points.Count);
        Assert.All(points, p => Assert.InRange(p.X, left, right));
        Assert.All(points, p => Assert.InRange(p.Y, top, bottom));
        Assert.Equal(right, points[2].X);
        Assert.Equal(top, points[2].Y);
        foreach (var bar in Elements(document, "rect", "bar"))
        {
            Assert.InRange(Number(bar, "x"), left, right);
            Assert.InRange(Number(bar, "x") + Number(bar, "width"), left, right);
            Assert.InRange(Number(bar, "y"), top, bottom);
        }
    }

    [Fact]
    public void ToSvg_ValueALogAxisCannotShow_BreaksTheLine()
    {
        var line = new Line([new(0, 1), new(1, 10), new(2, 0), new(3, 10), new(4, 100)], "#000000", null);
        var chart = new Chart("Gap", new Axis("x", LinearScale.Covering([0, 4])), new Axis("y", LogScale.Covering([1, 100])), [line]);

        var polylines = Elements(XDocument.Parse(new Figure("Gap", [chart]).ToSvg()), "polyline", "series").ToList();

        Assert.Equal([2, 2], polylines.Select(p => Points(p).Count()));
    }

    [Fact]
    public void ToSvg_SameFigureUnderAnotherCulture_IsByteIdentical()
    {
        var invariant = Sample().ToSvg();
        var previous = CultureInfo.CurrentCulture;
        string other;
        try
        {
            // A culture writing 0,5 (built by hand: the test host may run without ICU cultures).
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture));
            other = Sample().ToSvg();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal(invariant, other);
        Assert.Equal(invariant, Sample().ToSvg());
        Assert.Contains("0.4", Texts(XDocument.Parse(invariant), "tick-label"));
    }

    [Fact]
    public void ToSvg_LegendLabelRepeatedAndEmptySeries_OneEntryEachAndNoneForNoData()
    {
        var chart = new Chart("Legend", new Axis("x", LinearScale.Covering([0, 10])), new Axis("y", LinearScale.Covering([0, 1])),
        [
            new XBand(0, 2, "#eeeeee", "off"),
            new XBand(2, 4, "#ccccee", "on"),
            new XBand(4, 6, "#eeeeee", "off"),
            new Line([], "#000000", "no data"),
        ]);

        var legend = Texts(XDocument.Parse(new Figure("Legend", [chart]).ToSvg()), "legend");

        Assert.Equal(["off", "on"], legend);
    }

    private static Figure Sample()
    {
        var x = LinearScale.Covering([0, 10]);
        var line = new Line([.. Enumerable.Range(0, 11).Select(i => new Point(i, i * 0.1))], "#1f77b4", "dose < 5 & \"safe\"");
        return new Figure("A figure",
        [
            new Chart("Linear", new Axis("step", x), new Axis("value", LinearScale.Covering([0, 1])), [new YBand(0.2, 0.4, "#c7e9c0", "window"), line]),
            new Chart("Log", new Axis("step", x), new Axis("value", LogScale.Covering([1, 1e6])), [new Line([new(0, 1), new(10, 1e6)], "#d62728", "log")]),
        ]);
    }
}
