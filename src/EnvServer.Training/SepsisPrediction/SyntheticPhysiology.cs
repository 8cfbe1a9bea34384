namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// How the synthetic cohort draws one measured column. A patient's baseline is drawn around <see cref="Mean"/> with
/// <see cref="BetweenPatientSd"/>; each hour adds an AR(1) fluctuation of stationary standard deviation
/// <see cref="WithinPatientSd"/> and the patient's deterioration times <see cref="SepsisShift"/> (the shift at full
/// deterioration); the value is recorded in an hour with probability <see cref="MeasuredShare"/>. Log-scaled columns
/// (skewed labs such as lactate) do all of this on the natural log of the value.
/// </summary>
internal sealed record ColumnProfile(string Column, double Mean, double BetweenPatientSd, double WithinPatientSd, double MeasuredShare, double SepsisShift, double Min, double Max, bool LogScale = false);

/// <summary>
/// The synthetic cohort's distributions, set from clinical reference ranges and the published summary of the
/// PhysioNet 2019 training set (its missing shares, about 7.3 % septic patients, about 1.8 % labelled hours), never
/// tuned to make the prediction task easier. docs/icu-prediction.md lists the same table.
/// </summary>
internal static class SyntheticPhysiology
{
    public static readonly ColumnProfile[] Columns =
    [
        // Vitals, recorded most hours (Temp about one hour in three, EtCO2 rarely, as in the real data).
        new("HR", 84, 14, 6, 0.90, 18, 30, 220),
        new("O2Sat", 97.2, 2, 1.5, 0.87, -1.5, 60, 100),
        new("Temp", 36.9, 0.5, 0.3, 0.34, 0.9, 33, 42),
        new("SBP", 123, 18, 8, 0.85, -10, 50, 250),
        new("MAP", 82, 12, 6, 0.88, -9, 30, 180),
        new("DBP", 63, 10, 5, 0.69, -6, 20, 150),
        new("Resp", 18.7, 3.5, 2.5, 0.85, 5, 5, 60),
        new("EtCO2", 33, 5, 3, 0.04, -2, 10, 80),
        // Laboratory values, most hours missing.
        new("BaseExcess", -0.7, 3.5, 1.5, 0.05, -2, -30, 20),
        new("HCO3", 24, 3.5, 1.5, 0.04, -2, 5, 50),
        new("FiO2", 0.5, 0.15, 0.05, 0.08, 0.1, 0.21, 1),
        new("pH", 7.38, 0.06, 0.03, 0.07, -0.04, 6.8, 7.8),
        new("PaCO2", 41, 8, 4, 0.06, 0, 15, 100),
        new("SaO2", 92.5, 5, 2, 0.035, -2, 50, 100),
        new("AST", Math.Log(40), 0.8, 0.2, 0.016, 0.2, 5, 5000, LogScale: true),
        new("BUN", Math.Log(17), 0.6, 0.1, 0.07, 0.2, 1, 200, LogScale: true),
        new("Alkalinephos", Math.Log(80), 0.5, 0.1, 0.016, 0, 10, 1500, LogScale: true),
        new("Calcium", 8.3, 0.8, 0.3, 0.06, -0.3, 4, 14),
        new("Chloride", 105.8, 5, 2, 0.045, 0, 80, 140),
        new("Creatinine", Math.Log(1.0), 0.55, 0.1, 0.06, 0.25, 0.1, 20, LogScale: true),
        new("Bilirubin_direct", Math.Log(0.6), 1, 0.2, 0.002, 0.3, 0.01, 40, LogScale: true),
        new("Glucose", Math.Log(125), 0.3, 0.17, 0.17, 0.05, 20, 900, LogScale: true),
        new("Lactate", Math.Log(1.6), 0.45, 0.2, 0.027, 0.6, 0.2, 30, LogScale: true),
        new("Magnesium", 2.05, 0.3, 0.15, 0.063, 0, 0.5, 5),
        new("Phosphate", 3.5, 1, 0.4, 0.04, 0.2, 0.5, 15),
        new("Potassium", 4.1, 0.5, 0.3, 0.09, 0, 1.5, 9),
        new("Bilirubin_total", Math.Log(0.9), 0.8, 0.15, 0.015, 0.3, 0.1, 50, LogScale: true),
        new("TroponinI", Math.Log(0.1), 1.5, 0.3, 0.01, 0.3, 0.01, 100, LogScale: true),
        new("Hct", 30.8, 5, 1.5, 0.09, -1, 15, 60),
        new("Hgb", 10.4, 1.8, 0.5, 0.074, -0.3, 4, 20),
        new("PTT", Math.Log(33), 0.3, 0.1, 0.03, 0.1, 15, 150, LogScale: true),
        new("WBC", Math.Log(10.5), 0.4, 0.15, 0.064, 0.35, 0.5, 100, LogScale: true),
        new("Fibrinogen", Math.Log(280), 0.4, 0.1, 0.007, 0.2, 50, 1000, LogScale: true),
        new("Platelets", Math.Log(200), 0.45, 0.1, 0.06, -0.25, 5, 1000, LogScale: true),
    ];

    /// <summary>The share of patients who become septic (PhysioNet 2019: 2,932 of 40,336).</summary>
    public const double SepticShare = 0.073;

    /// <summary>Hours observed before onset for septic patients, and the whole stay for the others: log-normal with this
    /// median (hours) and log-scale spread, between <see cref="MinHours"/> and <see cref="MaxHours"/> (two weeks).</summary>
    public const double MedianStayHours = 32;

    public const double StayLogSd = 0.6;

    public const int MinHours = 8;

    public const int MaxHours = 336;

    /// <summary>A septic stay ends 0 to this many hours after onset (the real records are cut off after onset).</summary>
    public const int MaxHoursAfterOnset = 9;

    /// <summary>The label turns 1 this many hours before clinical onset (PhysioNet 2019).</summary>
    public const int LabelLeadHours = 6;

    /// <summary>Deterioration starts 8 to 24 hours before onset (uniform) and grows until onset.</summary>
    public const double MinDriftHours = 8;

    public const double MaxDriftHours = 24;

    /// <summary>How strongly a patient deteriorates, a factor on every <see cref="ColumnProfile.SepsisShift"/>:
    /// log-normal with median 1 and this log-scale spread, so some septic patients barely show it.</summary>
    public const double SeverityLogSd = 0.6;

    /// <summary>The share of non-septic patients with a transient episode of instability (6 to 24 hours, rising then
    /// resolving, median severity 0.6): the false alarms a model has to live with.</summary>
    public const double UnstableShare = 0.3;

    public const double UnstableSeverityLogMedian = -0.5;

    /// <summary>Correlation of a column's fluctuation from one hour to the next.</summary>
    public const double HourlyCorrelation = 0.8;

    /// <summary>The share of hours with a laboratory panel; a lab's own <see cref="ColumnProfile.MeasuredShare"/> is
    /// its chance to be in a panel times this, so labs come together as in the real files.</summary>
    public const double LabPanelShare = 0.1;
}
