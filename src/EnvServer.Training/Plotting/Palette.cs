namespace EnvServer.Training.Plotting;

/// <summary>Colours of the figures: Tableau 10 for series, and light tints of it for bands behind them.</summary>
internal static class Palette
{
    public static readonly IReadOnlyList<string> Series = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static readonly IReadOnlyList<string> Bands = ["#e8e8e8", "#fdd9b5", "#c6dbef", "#c7e9c0", "#dadaeb", "#f2d4cc", "#f7d6e9", "#d9d9d9", "#e6e6b3", "#c9eef2"];

    public static string SeriesColor(int index) => Series[index % Series.Count];

    public static string BandColor(int index) => Bands[index % Bands.Count];
}
