using EnvServer.Training.SepsisPrediction;

namespace EnvServer.Training.Tests.SepsisPrediction;

/// <summary>A temporary folder of hand-written .psv files, deleted with the fixture.</summary>
internal sealed class PsvFiles : IDisposable
{
    public PsvFiles() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"psv-{Guid.NewGuid():N}");

    /// <summary>An hour with HR and MAP given, everything else NaN but the demographics and ICULOS.</summary>
    public static string Hour(int iculos, string hr, string map, int label)
    {
        var fields = Enumerable.Repeat("NaN", PsvFormat.Columns.Length).ToArray();
        fields[PsvFormat.IndexOf("HR")] = hr;
        fields[PsvFormat.IndexOf("MAP")] = map;
        fields[PsvFormat.IndexOf("Age")] = "65.5";
        fields[PsvFormat.IndexOf("Gender")] = "1";
        fields[PsvFormat.IndexOf("HospAdmTime")] = "-3.2";
        fields[PsvFormat.IndexOf("ICULOS")] = iculos.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields[^1] = label.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('|', fields);
    }

    public string Write(string name, params string[] lines)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, string.Join('\n', lines) + "\n");
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
