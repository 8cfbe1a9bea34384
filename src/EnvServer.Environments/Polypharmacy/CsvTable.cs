using System.Globalization;
using CsvHelper;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// A CSV file read with CsvHelper into rows of named cells, whose typed getters fail with a
/// <see cref="PolypharmacyDataException"/> naming the file, row and column.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string fileName, IReadOnlyList<CsvRow> rows)
    {
        FileName = fileName;
        Rows = rows;
    }

    public string FileName { get; }

    public IReadOnlyList<CsvRow> Rows { get; }

    public static CsvTable Read(string path, IReadOnlyList<string> columns)
    {
        var fileName = Path.GetFileName(path);
        if (!File.Exists(path)) throw new PolypharmacyDataException($"Polypharmacy data file {fileName} is missing (looked for {path}).");

        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            MalformedData = CsvMalformedDataHandling.Throw,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        var rows = new List<CsvRow>();
        try
        {
            using var csv = CsvReader.FromFile(path, options);
            csv.ReadHeader();
            var header = csv.Headers.ToArray();
            if (header.Length == 0) throw new PolypharmacyDataException($"{fileName} is empty: expected the header {string.Join(",", columns)}.");
            foreach (var column in columns)
            {
                if (!header.Contains(column)) throw new PolypharmacyDataException($"{fileName}, row 1: column '{column}' is missing from the header.");
            }

            var indexes = columns.Select(c => Array.IndexOf(header, c)).ToArray();
            while (csv.Read())
            {
                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < columns.Count; i++) cells[columns[i]] = csv.GetString(indexes[i]) ?? "";
                rows.Add(new CsvRow(fileName, csv.LineNumber, cells));
            }
        }
        catch (CsvFormatException error)
        {
            throw new PolypharmacyDataException($"{fileName}, row {error.LineNumber}: malformed CSV: {error.Message}", error);
        }

        return new CsvTable(fileName, rows);
    }
}

/// <summary>One data row; <see cref="Row"/> is its line number in the file (the header is row 1).</summary>
internal sealed class CsvRow(string fileName, long row, IReadOnlyDictionary<string, string> cells)
{
    public long Row { get; } = row;

    public PolypharmacyDataException Error(string column, string problem) =>
        new($"{fileName}, row {Row}, column '{column}': {problem}");

    public string Text(string column)
    {
        var value = cells[column].Trim();
        if (value.Length == 0) throw Error(column, "is empty.");
        return value;
    }

    public string? OptionalText(string column) => cells[column].Trim() is { Length: > 0 } value ? value : null;

    public string OneOf(string column, IReadOnlyList<string> allowed)
    {
        var value = Text(column);
        if (!allowed.Contains(value)) throw Error(column, $"'{value}' is not one of {string.Join(", ", allowed)}.");
        return value;
    }

    public double Number(string column, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var text = Text(column);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(column, $"'{text}' is not a number.");
        }

        if (value < min || value > max) throw Error(column, $"{text} is outside [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}].");
        return value;
    }

    public int Integer(string column, int min, int max)
    {
        var text = Text(column);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) throw Error(column, $"'{text}' is not an integer.");
        if (value < min || value > max) throw Error(column, $"{value} is outside [{min}, {max}].");
        return value;
    }

    public bool Boolean(string column) => Text(column) switch
    {
        "true" => true,
        "false" => false,
        var text => throw Error(column, $"'{text}' is not true or false."),
    };

    /// <summary>A ';'-separated list; empty cells give an empty list.</summary>
    public IReadOnlyList<string> List(string column) =>
        cells[column].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
