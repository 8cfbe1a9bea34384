using System.Globalization;
using System.Text;
using System.Xml;

namespace EnvServer.Training.Plotting;

/// <summary>
/// SVG elements written through an <see cref="XmlWriter"/>, so the document is well-formed and text is escaped;
/// coordinates are rounded to 0.01 px and written in the invariant culture, so output is byte-identical anywhere.
/// </summary>
internal sealed class SvgCanvas : IDisposable
{
    private readonly StringBuilder _text = new();
    private readonly XmlWriter _writer;

    public SvgCanvas(double width, double height)
    {
        _writer = XmlWriter.Create(_text, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, NewLineChars = "\n" });
        _writer.WriteStartElement("svg", "http://www.w3.org/2000/svg");
        _writer.WriteAttributeString("width", Number(width));
        _writer.WriteAttributeString("height", Number(height));
        _writer.WriteAttributeString("viewBox", $"0 0 {Number(width)} {Number(height)}");
        _writer.WriteAttributeString("font-family", "sans-serif");
        _writer.WriteAttributeString("font-size", "12");
        Rect(0, 0, width, height, "#ffffff", "background");
    }

    public static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A rectangle; <c>title</c> becomes its tooltip (an SVG title child).</summary>
    public void Rect(double x, double y, double width, double height, string fill, string cssClass, string? stroke = null, string? title = null)
    {
        _writer.WriteStartElement("rect");
        Class(cssClass);
        Attribute("x", x);
        Attribute("y", y);
        Attribute("width", Math.Max(width, 0));
        Attribute("height", Math.Max(height, 0));
        _writer.WriteAttributeString("fill", fill);
        if (stroke is not null) _writer.WriteAttributeString("stroke", stroke);
        if (title is not null) _writer.WriteElementString("title", title);
        _writer.WriteEndElement();
    }

    public void LineSegment(double x1, double y1, double x2, double y2, string stroke, string cssClass, double width = 1)
    {
        _writer.WriteStartElement("line");
        Class(cssClass);
        Attribute("x1", x1);
        Attribute("y1", y1);
        Attribute("x2", x2);
        Attribute("y2", y2);
        _writer.WriteAttributeString("stroke", stroke);
        Attribute("stroke-width", width);
        _writer.WriteEndElement();
    }

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width, string cssClass)
    {
        _writer.WriteStartElement("polyline");
        Class(cssClass);
        _writer.WriteAttributeString("points", string.Join(' ', points.Select(p => $"{Number(p.X)},{Number(p.Y)}")));
        _writer.WriteAttributeString("fill", "none");
        _writer.WriteAttributeString("stroke", stroke);
        Attribute("stroke-width", width);
        _writer.WriteAttributeString("stroke-linejoin", "round");
        _writer.WriteEndElement();
    }

    public void Circle(double x, double y, double radius, string fill, string cssClass)
    {
        _writer.WriteStartElement("circle");
        Class(cssClass);
        Attribute("cx", x);
        Attribute("cy", y);
        Attribute("r", radius);
        _writer.WriteAttributeString("fill", fill);
        _writer.WriteEndElement();
    }

    /// <summary>A text label; <c>anchor</c> is start, middle or end, <c>rotate</c> degrees about the anchor point (−90 for a y-axis title).</summary>
    public void Text(double x, double y, string text, string cssClass, string anchor = "start", double rotate = 0, double size = 12, bool bold = false)
    {
        _writer.WriteStartElement("text");
        Class(cssClass);
        Attribute("x", x);
        Attribute("y", y);
        _writer.WriteAttributeString("text-anchor", anchor);
        if (size != 12) Attribute("font-size", size);
        if (bold) _writer.WriteAttributeString("font-weight", "bold");
        if (rotate != 0) _writer.WriteAttributeString("transform", $"rotate({Number(rotate)} {Number(x)} {Number(y)})");
        _writer.WriteString(text);
        _writer.WriteEndElement();
    }

    /// <summary>Closes the document and returns it; the canvas takes no more elements.</summary>
    public string Finish()
    {
        _writer.WriteEndElement();
        _writer.Flush();
        return _text.Append('\n').ToString();
    }

    public void Dispose() => _writer.Dispose();

    private void Class(string cssClass) => _writer.WriteAttributeString("class", cssClass);

    private void Attribute(string name, double value) => _writer.WriteAttributeString(name, Number(value));
}
