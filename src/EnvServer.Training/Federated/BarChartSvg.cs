using System.Globalization;
using System.Security;
using System.Text;

namespace EnvServer.Training.Federated;

/// <summary>A grouped bar chart as a standalone SVG document: one group of bars per category, one bar (and legend
/// entry) per series, a value axis from 0 (or the smallest negative value) with five gridlines.</summary>
internal static class BarChartSvg
{
    private const int Width = 860;
    private const int Height = 440;
    private const int Left = 90;
    private const int Right = 200;
    private const int Top = 50;
    private const int Bottom = 60;

    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"];

    public static string Render(string title, string valueLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, double[] Values)> series)
    {
        var values = series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        var (low, high) = (Math.Min(0, values.Min()), Math.Max(0, values.Max()));
        if (high == low) high = low + 1;
        high += (high - low) * 0.05;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double Y(double value) => Top + plotHeight * (high - value) / (high - low);

        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        svg.AppendLine(Invariant($"<text x=\"{Width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">{Escape(title)}</text>"));
        svg.AppendLine(Invariant($"<text transform=\"translate(18 {Top + plotHeight / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(valueLabel)}</text>"));
        for (var i = 0; i <= 5; i++)
        {
            var value = low + (high - low) * i / 5;
            var y = Y(value);
            svg.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Left + plotWidth}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>"));
            svg.AppendLine(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{(value == 0 ? "0" : value.ToString("0.##e0", CultureInfo.InvariantCulture))}</text>"));
        }

        var groupWidth = (double)plotWidth / categories.Count;
        var barWidth = groupWidth * 0.8 / series.Count;
        for (var c = 0; c < categories.Count; c++)
        {
            var groupLeft = Left + c * groupWidth + groupWidth * 0.1;
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[c];
                if (!double.IsFinite(value)) continue;
                var (top, bottom) = (Y(Math.Max(value, 0)), Y(Math.Min(value, 0)));
                svg.AppendLine(Invariant($"<rect x=\"{groupLeft + s * barWidth:0.#}\" y=\"{top:0.#}\" width=\"{barWidth * 0.92:0.#}\" height=\"{bottom - top:0.#}\" fill=\"{Palette[s % Palette.Length]}\"><title>{Escape(series[s].Name)}, {Escape(categories[c])}: {value:0.###e0}</title></rect>"));
            }

            svg.AppendLine(Invariant($"<text x=\"{Left + (c + 0.5) * groupWidth:0.#}\" y=\"{Height - Bottom + 20}\" text-anchor=\"middle\">{Escape(categories[c])}</text>"));
        }

        svg.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{Y(0):0.#}\" x2=\"{Left + plotWidth}\" y2=\"{Y(0):0.#}\" stroke=\"#333\"/>"));
        for (var s = 0; s < series.Count; s++)
        {
            var y = Top + 10 + s * 20;
            svg.AppendLine(Invariant($"<rect x=\"{Width - Right + 20}\" y=\"{y - 10}\" width=\"12\" height=\"12\" fill=\"{Palette[s % Palette.Length]}\"/>"));
            svg.AppendLine(Invariant($"<text x=\"{Width - Right + 38}\" y=\"{y}\">{Escape(series[s].Name)}</text>"));
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);
}
