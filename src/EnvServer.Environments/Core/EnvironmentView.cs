namespace EnvServer.Environments.Core;

/// <summary>
/// How a client draws an episode of an environment, served by GET /envs as <c>view</c>: the web console's view module
/// and the time series a chart of the trajectory shows. Clients without a matching view fall back to the raw observation.
/// </summary>
/// <param name="ConsoleModule">The module under wwwroot/console/views (without <c>.js</c>) that renders this environment.</param>
/// <param name="Series">Numeric observation fields worth a chart, in order.</param>
public sealed record EnvironmentView(string ConsoleModule, IReadOnlyList<ViewSeries> Series)
{
    /// <summary>Name of the time axis unit, e.g. <c>day</c>. Default <c>step</c>.</summary>
    public string TimeUnit { get; init; } = "step";

    /// <summary>Time units per step, e.g. 5 days for hiv. Default 1.</summary>
    public double UnitsPerStep { get; init; } = 1;

    /// <summary>Whether the series are drawn on a log scale. Default false.</summary>
    public bool LogScale { get; init; }
}

/// <summary>One charted observation field.</summary>
/// <param name="Field">Observation field name, e.g. <c>viral_load</c>.</param>
/// <param name="Label">Axis or legend label, e.g. <c>viral load (copies/mL)</c>.</param>
public sealed record ViewSeries(string Field, string Label);
