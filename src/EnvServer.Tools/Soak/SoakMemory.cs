using EnvServer.Benchmarks;

namespace EnvServer.Tools.Soak;

/// <summary>The server's resident set size over the run, read from /proc (what a container's memory limit counts).</summary>
internal sealed class SoakMemory(int? pid)
{
    private readonly List<(string Label, long KiB)> _samples = [];

    public bool Measured => _samples.Count > 0;

    public string Latest => _samples.Count > 0 ? MiB(_samples[^1].KiB) : "n/a";

    public void Sample(string label)
    {
        if (pid is { } id && ProcessMemory.ResidentKiB(id) is { } kib) Record(label, kib);
    }

    public void Record(string label, long kib) => _samples.Add((label, kib));

    /// <summary>The last sample with this label, in KiB.</summary>
    public long? At(string label) => _samples.LastOrDefault(s => s.Label == label) is { Label: not null } found ? found.KiB : null;

    public long? Peak => _samples.Count > 0 ? _samples.Max(s => s.KiB) : null;

    public static string MiB(long kib) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kib / 1024.0:0.0} MiB");
}
