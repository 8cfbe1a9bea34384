using System.Globalization;

namespace EnvServer.Training.Plotting;

/// <summary>Numbers as figures show them, always in the invariant culture: plain decimals for everyday magnitudes, powers of ten beyond.</summary>
internal static class NumberText
{
    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /// <summary>A linear tick with as many decimals as its step needs; 1.5e10 style for very large or small values.</summary>
    public static string Linear(double value, double step)
    {
        if (value == 0) return "0";
        var magnitude = Math.Max(Math.Abs(value), step);
        if (magnitude >= 1e5 || magnitude < 1e-3) return value.ToString("0.###e0", CultureInfo.InvariantCulture);
        var decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step)));
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>A log tick: written out (0.01, 5000), or as 10⁵ and 2×10⁵ when <paramref name="powers"/>, as an axis reaching far does throughout.</summary>
    public static string Log(double value, bool powers)
    {
        if (!powers) return value.ToString("0.##", CultureInfo.InvariantCulture);
        var exponent = (int)Math.Floor(Math.Log10(value) + 1e-9);
        var mantissa = Math.Round(value / Math.Pow(10, exponent));
        var power = "10" + Superscript(exponent);
        return mantissa == 1 ? power : $"{mantissa.ToString(CultureInfo.InvariantCulture)}×{power}";
    }

    /// <summary>A value in a title: 95.123, or 1.234e10 when large.</summary>
    public static string Compact(double value) =>
        value.ToString(Math.Abs(value) >= 1e6 ? "0.###e0" : "0.###", CultureInfo.InvariantCulture);

    private static string Superscript(int exponent)
    {
        var digits = Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).Select(d => Superscripts[d - '0']);
        return (exponent < 0 ? "⁻" : "") + string.Concat(digits);
    }
}
