using System.Globalization;

namespace EnvServer.Training.SepsisPrediction;

/// <summary>What was read from one or more folders of .psv files, and every file that was not used with the reason.</summary>
internal sealed record PsvCohort(IReadOnlyList<PatientStay> Stays, IReadOnlyList<string> Skipped);

/// <summary>
/// Reads folders of PhysioNet 2019 .psv files (training_setA, training_setB, or the synthetic cohort). A malformed
/// header, row or value is an <see cref="InvalidDataException"/> naming the file, the row (1 = header) and the column;
/// nothing is dropped silently: a file without hourly rows and any file that is not .psv are listed as skipped.
/// </summary>
internal static class PsvCohortReader
{
    public static PsvCohort Read(IReadOnlyList<string> directories)
    {
        if (directories.Count == 0) throw new ArgumentException("--data needs at least one folder of .psv files.");
        var stays = new List<PatientStay>();
        var skipped = new List<string>();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory)) throw new ArgumentException($"--data {directory}: no such folder.");
            var files = Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList();
            var read = 0;
            foreach (var file in files)
            {
                if (Directory.Exists(file) || !file.EndsWith(PsvFormat.Extension, StringComparison.Ordinal))
                {
                    skipped.Add($"{file}: not a {PsvFormat.Extension} file");
                    continue;
                }

                var stay = ReadFile(file);
                read++;
                if (stay.Hours == 0)
                {
                    skipped.Add($"{file}: a header but no hourly rows");
                    continue;
                }

                if (!sources.TryAdd(stay.Id, file)) throw new InvalidDataException($"{file}: patient {stay.Id} was already read from {sources[stay.Id]}.");
                stays.Add(stay);
            }

            if (read == 0) throw new ArgumentException($"--data {directory}: no {PsvFormat.Extension} files there.");
        }

        return new PsvCohort(stays, skipped);
    }

    public static PatientStay ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: row 1: the file is empty, expected the header {PsvFormat.Header}.");
        CheckHeader(path, header.TrimEnd('\r'));
        var values = new List<double[]>();
        var labels = new List<int>();
        var row = 1;
        var blankRow = 0;
        while (reader.ReadLine() is { } line)
        {
            row++;
            line = line.TrimEnd('\r');
            if (line.Length == 0)
            {
                blankRow = blankRow == 0 ? row : blankRow;
                continue;
            }

            // Only trailing blank lines are tolerated: a blank line between hours is a missing hour.
            if (blankRow != 0) throw new InvalidDataException($"{path}: row {blankRow}: a blank line between hourly rows.");
            var fields = line.Split('|');
            if (fields.Length != PsvFormat.Columns.Length)
                throw new InvalidDataException($"{path}: row {row}: {fields.Length} columns, the header has {PsvFormat.Columns.Length}.");
            var hour = new double[PsvFormat.ValueCount];
            for (var column = 0; column < hour.Length; column++) hour[column] = ParseValue(path, row, column, fields[column]);
            values.Add(hour);
            labels.Add(ParseLabel(path, row, fields[^1]));
        }

        return new PatientStay(Path.GetFileNameWithoutExtension(path), path, [.. values], [.. labels]);
    }

    private static void CheckHeader(string path, string header)
    {
        var names = header.Split('|');
        if (names.Length != PsvFormat.Columns.Length)
            throw new InvalidDataException($"{path}: row 1 (header): {names.Length} columns, expected the {PsvFormat.Columns.Length} of PhysioNet 2019: {PsvFormat.Header}.");
        for (var column = 0; column < names.Length; column++)
        {
            if (names[column] != PsvFormat.Columns[column])
                throw new InvalidDataException($"{path}: row 1 (header), column {column + 1}: '{names[column]}', expected '{PsvFormat.Columns[column]}'.");
        }
    }

    private static double ParseValue(string path, int row, int column, string text)
    {
        if (text == PsvFormat.Missing) return double.NaN;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        throw new InvalidDataException($"{path}: row {row}, column {PsvFormat.Columns[column]}: '{text}' is not a number (or {PsvFormat.Missing}).");
    }

    private static int ParseLabel(string path, int row, string text) => text switch
    {
        "0" or "0.0" => 0,
        "1" or "1.0" => 1,
        _ => throw new InvalidDataException($"{path}: row {row}, column SepsisLabel: '{text}', expected 0 or 1."),
    };
}
