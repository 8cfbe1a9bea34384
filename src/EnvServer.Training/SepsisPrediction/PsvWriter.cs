using System.Globalization;

namespace EnvServer.Training.SepsisPrediction;

/// <summary>Writes a stay as a PhysioNet 2019 .psv file, values with at most two decimals as in the real files.</summary>
internal static class PsvWriter
{
    public static void Write(PatientStay stay, string path)
    {
        using var writer = new StreamWriter(path);
        writer.NewLine = "\n";
        writer.WriteLine(PsvFormat.Header);
        for (var hour = 0; hour < stay.Hours; hour++)
        {
            var fields = stay.Values[hour].Select(Format).Append(stay.Labels[hour].ToString(CultureInfo.InvariantCulture));
            writer.WriteLine(string.Join('|', fields));
        }
    }

    private static string Format(double value) => double.IsNaN(value) ? PsvFormat.Missing : value.ToString("0.##", CultureInfo.InvariantCulture);
}
