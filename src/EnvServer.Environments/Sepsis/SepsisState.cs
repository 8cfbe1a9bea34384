namespace EnvServer.Environments.Sepsis;

/// <summary>
/// One full state of the sepsis simulator: the four vitals as level indices, the treatments in effect
/// (the last action) and the hidden diabetic flag.
/// </summary>
/// <param name="Diabetic">Hidden comorbidity: changes the vasopressor response and the glucose fluctuation.</param>
/// <param name="HeartRate">0 low, 1 normal, 2 high.</param>
/// <param name="SystolicBp">0 low, 1 normal, 2 high.</param>
/// <param name="PercentO2">0 low, 1 normal.</param>
/// <param name="Glucose">0 very low, 1 low, 2 normal, 3 high, 4 very high.</param>
/// <param name="Antibiotics">Antibiotics given in the last step.</param>
/// <param name="Vasopressors">Vasopressors given in the last step.</param>
/// <param name="Ventilation">Mechanical ventilation given in the last step.</param>
public readonly record struct SepsisState(
    bool Diabetic, int HeartRate, int SystolicBp, int PercentO2, int Glucose, bool Antibiotics, bool Vasopressors, bool Ventilation)
{
    /// <summary>Full states: 2 (diabetic) × 3 (HR) × 3 (SBP) × 2 (O2) × 5 (glucose) × 2 × 2 × 2 (treatments).</summary>
    public const int Count = 1440;

    /// <summary>Levels of each vital: HR and SBP 3, O2 2, glucose 5.</summary>
    public const int HeartRateLevels = 3, SystolicBpLevels = 3, PercentO2Levels = 2, GlucoseLevels = 5;

    /// <summary>The normal level of each vital; any other level counts as abnormal.</summary>
    public const int NormalHeartRate = 1, NormalSystolicBp = 1, NormalPercentO2 = 1, NormalGlucose = 2;

    /// <summary>
    /// The published code's full index (State.get_state_idx('full')): digits diabetic, HR, SBP, O2, glucose,
    /// antibiotics, vasopressors, ventilation, most significant first, so index = 720·diabetic + 240·HR + ….
    /// </summary>
    public int Index =>
        ((((((((Diabetic ? 1 : 0) * 3 + HeartRate) * 3 + SystolicBp) * 2 + PercentO2) * 5 + Glucose) * 2
            + (Antibiotics ? 1 : 0)) * 2 + (Vasopressors ? 1 : 0)) * 2) + (Ventilation ? 1 : 0);

    /// <summary>Vitals away from normal: HR, SBP, O2 and glucose (0 to 4).</summary>
    public int AbnormalCount =>
        (HeartRate != NormalHeartRate ? 1 : 0) + (SystolicBp != NormalSystolicBp ? 1 : 0)
        + (PercentO2 != NormalPercentO2 ? 1 : 0) + (Glucose != NormalGlucose ? 1 : 0);

    public bool OnTreatment => Antibiotics || Vasopressors || Ventilation;

    public static SepsisState FromIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var ventilation = index % 2 == 1; index /= 2;
        var vasopressors = index % 2 == 1; index /= 2;
        var antibiotics = index % 2 == 1; index /= 2;
        var glucose = index % 5; index /= 5;
        var o2 = index % 2; index /= 2;
        var sbp = index % 3; index /= 3;
        var hr = index % 3; index /= 3;
        return new SepsisState(index == 1, hr, sbp, o2, glucose, antibiotics, vasopressors, ventilation);
    }

    /// <summary>The same vitals with the treatments of <paramref name="action"/> in effect.</summary>
    public SepsisState WithTreatments(SepsisAction action) =>
        this with { Antibiotics = action.Antibiotics, Vasopressors = action.Vasopressors, Ventilation = action.Ventilation };
}
