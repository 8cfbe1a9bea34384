using System.Globalization;
using System.Xml.Linq;

namespace EnvServer.Training.Tests.Plotting;

/// <summary>Reads the figures' SVG back: elements by the class the plotting module gives them, and their coordinates.</summary>
internal static class SvgQuery
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static IEnumerable<XElement> Elements(XDocument document, string name, string cssClass) =>
        document.Descendants(Svg + name).Where(e => (string?)e.Attribute("class") == cssClass);

    public static IEnumerable<string> Texts(XDocument document, string cssClass) => Elements(document, "text", cssClass).Select(t => t.Value);

    public static double Number(XElement element, string attribute) => double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    public static IEnumerable<(double X, double Y)> Points(XElement polyline) =>
        polyline.Attribute("points")!.Value.Split(' ').Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)));
}
