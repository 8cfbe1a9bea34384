namespace EnvServer.Environments.Core;

/// <summary>
/// Where environments find their data files: <c>data/</c> beside the running binaries, where the
/// build copies the repository's <c>data/</c> folder (see EnvServer.Environments.csproj).
/// </summary>
public static class DataFiles
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>The full path of a data file, e.g. <c>Path("hiv", "cohorts.csv")</c>.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
