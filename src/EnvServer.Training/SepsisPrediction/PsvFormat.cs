namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// The PhysioNet/Computing in Cardiology Challenge 2019 file format: one pipe-separated <c>.psv</c> file per patient,
/// a header of these 41 columns, one row per ICU hour, <c>NaN</c> for a value not measured that hour.
/// </summary>
internal static class PsvFormat
{
    public const string Extension = ".psv";

    public const string Missing = "NaN";

    public static readonly string[] Columns =
    [
        "HR", "O2Sat", "Temp", "SBP", "MAP", "DBP", "Resp", "EtCO2",
        "BaseExcess", "HCO3", "FiO2", "pH", "PaCO2", "SaO2", "AST", "BUN", "Alkalinephos", "Calcium", "Chloride",
        "Creatinine", "Bilirubin_direct", "Glucose", "Lactate", "Magnesium", "Phosphate", "Potassium", "Bilirubin_total",
        "TroponinI", "Hct", "Hgb", "PTT", "WBC", "Fibrinogen", "Platelets",
        "Age", "Gender", "Unit1", "Unit2", "HospAdmTime", "ICULOS", "SepsisLabel",
    ];

    public static readonly string Header = string.Join('|', Columns);

    /// <summary>Every column but the label: the values a stay holds per hour.</summary>
    public static int ValueCount => Columns.Length - 1;

    /// <summary>The hourly vital signs (the first eight columns): the ones aggregated over a window of hours.</summary>
    public static readonly IReadOnlySet<string> Vitals = new HashSet<string>(Columns[..8], StringComparer.Ordinal);

    /// <summary>Categorical or time columns that the IQR rule must not clip: clipping a 0/1 column whose quartiles
    /// are equal would erase its minority value.</summary>
    public static readonly IReadOnlySet<string> NotClipped = new HashSet<string>(["Gender", "Unit1", "Unit2", "ICULOS"], StringComparer.Ordinal);

    public static int IndexOf(string column) => Array.IndexOf(Columns, column) is var index and >= 0
        ? index
        : throw new ArgumentOutOfRangeException(nameof(column), column, "not a PhysioNet 2019 column");
}
