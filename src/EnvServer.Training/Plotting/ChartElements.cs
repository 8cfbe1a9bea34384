namespace EnvServer.Training.Plotting;

/// <summary>A data point.</summary>
internal readonly record struct Point(double X, double Y);

/// <summary>An axis: its title and how values map onto it.</summary>
internal sealed record Axis(string Title, Scale Scale);

/// <summary>Something drawn in a chart's plot area; those with a label and data get a legend entry (one per distinct label).</summary>
internal abstract record ChartElement(string Color, string? Label);

/// <summary>A polyline through the points; a point the scale cannot show (NaN, ≤ 0 on a log axis) breaks it.</summary>
internal sealed record Line(IReadOnlyList<Point> Points, string Color, string? Label, double Width = 1.5, bool Markers = false) : ChartElement(Color, Label);

/// <summary>A dot per point, unconnected: many noisy samples, such as the return of every training episode.</summary>
internal sealed record Scatter(IReadOnlyList<Point> Points, string Color, string? Label) : ChartElement(Color, Label);

/// <summary>A bar per point from the y-axis baseline (zero, or the axis minimum when zero is off the axis) to its value.</summary>
internal sealed record Bars(IReadOnlyList<Point> Points, string Color, string? Label) : ChartElement(Color, Label);

/// <summary>A vertical stripe over the full height between two x values, e.g. the span of one treatment.</summary>
internal sealed record XBand(double From, double To, string Color, string? Label) : ChartElement(Color, Label);

/// <summary>A horizontal stripe over the full width between two y values, e.g. a therapeutic window.</summary>
internal sealed record YBand(double Low, double High, string Color, string? Label) : ChartElement(Color, Label);

/// <summary>One panel: a title, two axes and what is drawn, in drawing order (bands first, so lines stay on top).</summary>
internal sealed record Chart(string Title, Axis X, Axis Y, IReadOnlyList<ChartElement> Elements);
