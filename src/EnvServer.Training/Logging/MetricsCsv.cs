using System.Globalization;

namespace EnvServer.Training.Logging;

/// <summary>Reads back the metrics.csv a <see cref="RunDirectory"/> writes (name, step, value, wall time).</summary>
internal static class MetricsCsv
{
    public static IReadOnlyList<Metric> Read(string path)
    {
        // The run may still be writing it.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith("name,step,value", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: expected the header 'name,step,value,wall_time', got '{header}'.");

        var metrics = new List<Metric>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var cells = line.Split(',');
            if (cells.Length < 3
                || !long.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
                || !double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                // A line cut short by a run still writing is the last one; anywhere else it is damage.
                if (reader.Peek() < 0) break;
                throw new InvalidDataException($"{path}:{lineNumber}: expected name,step,value, got '{line}'.");
            }

            metrics.Add(new Metric(cells[0], step, value));
        }

        return metrics;
    }
}
