namespace EnvServer.Environments.Sepsis;

/// <summary>
/// The transition rules of the sepsis simulator as a fixed sequence of independent random choices ("stages"),
/// each turning the partly updated state into at most three weighted results. This is the one definition of the
/// dynamics: <see cref="SepsisSampler"/> draws one result per stage, <see cref="SepsisKernel"/> enumerates them all.
/// <para>Order (the published code's <c>MDP.transition</c>): antibiotics (HR, then SBP), ventilation (O2),
/// vasopressors (SBP, then a diabetic's glucose), then the fluctuation of each vital still free (HR, SBP, O2,
/// glucose); finally the treatment flags become the action. "Withdrawn" means given in the last step (the flag in
/// the state) but not in this action. A treatment given or withdrawn stops the fluctuation of the vitals it acts on:
/// antibiotics HR and SBP, ventilation O2, vasopressors SBP (given or withdrawn) and glucose (given only).</para>
/// </summary>
internal sealed class SepsisRules
{
    /// <summary>Number of stages in <see cref="Branches"/>.</summary>
    public const int StageCount = 9;

    /// <summary>P(diabetic) at admission.</summary>
    public const double DiabeticProbability = 0.2;

    /// <summary>Initial HR (and SBP) over low, normal, high.</summary>
    public static readonly double[] InitialHeartRate = [0.25, 0.5, 0.25];

    /// <summary>Initial SBP over low, normal, high.</summary>
    public static readonly double[] InitialSystolicBp = [0.25, 0.5, 0.25];

    /// <summary>Initial O2 over low, normal.</summary>
    public static readonly double[] InitialPercentO2 = [0.2, 0.8];

    /// <summary>Initial glucose of a non-diabetic over very low … very high.</summary>
    public static readonly double[] InitialGlucose = [0.05, 0.15, 0.6, 0.15, 0.05];

    /// <summary>Initial glucose of a diabetic over very low … very high.</summary>
    public static readonly double[] InitialDiabeticGlucose = [0.01, 0.05, 0.15, 0.6, 0.19];

    private static readonly SepsisRules[] Cache = SepsisModel.All.Select(m => new SepsisRules(m)).ToArray();

    private readonly SepsisResponse _response;

    private SepsisRules(SepsisModel model)
    {
        Model = model;
        _response = SepsisResponse.For(model.AgeGroup);
    }

    public SepsisModel Model { get; }

    public static SepsisRules For(SepsisModel model) => Cache[IndexOf(model)];

    /// <summary>Position of <paramref name="model"/> in <see cref="SepsisModel.All"/>.</summary>
    public static int IndexOf(SepsisModel model) => (model.Dynamics == SepsisDynamics.Original ? 1 : 0) + (model.AgeGroup == SepsisAgeGroup.Older ? 2 : 0);

    /// <summary>
    /// The results of stage <paramref name="stage"/> applied to <paramref name="current"/> (the state so far in this
    /// step; its treatment flags are still those of the last step) under <paramref name="action"/>.
    /// </summary>
    public void Branches(int stage, SepsisState current, SepsisAction action, ref SepsisBranches branches)
    {
        var s = current;
        var r = _response;
        switch (stage)
        {
            case 0 when action.Antibiotics: // HR high → normal
                if (s.HeartRate == 2) branches.Either(r.AntibioticsHighToNormal, s with { HeartRate = 1 }, s);
                else branches.Add(1, s);
                break;
            case 0 when s.Antibiotics: // withdrawn: HR normal → high
                if (s.HeartRate == 1) branches.Either(SepsisResponse.AntibioticsWithdrawnNormalToHigh, s with { HeartRate = 2 }, s);
                else branches.Add(1, s);
                break;
            case 1 when action.Antibiotics: // SBP high → normal
                if (s.SystolicBp == 2) branches.Either(r.AntibioticsHighToNormal, s with { SystolicBp = 1 }, s);
                else branches.Add(1, s);
                break;
            case 1 when s.Antibiotics: // withdrawn: SBP normal → high
                if (s.SystolicBp == 1) branches.Either(SepsisResponse.AntibioticsWithdrawnNormalToHigh, s with { SystolicBp = 2 }, s);
                else branches.Add(1, s);
                break;
            case 2 when action.Ventilation: // O2 low → normal
                if (s.PercentO2 == 0) branches.Either(r.VentilationLowToNormal, s with { PercentO2 = 1 }, s);
                else branches.Add(1, s);
                break;
            case 2 when s.Ventilation: // withdrawn: O2 normal → low
                if (s.PercentO2 == 1) branches.Either(SepsisResponse.VentilationWithdrawnNormalToLow, s with { PercentO2 = 0 }, s);
                else branches.Add(1, s);
                break;
            case 3 when action.Vasopressors:
                VasopressorsOnBloodPressure(s, ref branches);
                break;
            case 3 when s.Vasopressors: // withdrawn: SBP down one level
                branches.Either(
                    s.Diabetic ? SepsisResponse.DiabeticVasopressorsWithdrawnDownOne : SepsisResponse.VasopressorsWithdrawnDownOne,
                    s with { SystolicBp = Math.Max(0, s.SystolicBp - 1) }, s);
                break;
            case 4 when action.Vasopressors && s.Diabetic: // glucose up one level
                branches.Either(SepsisResponse.DiabeticVasopressorsGlucoseUp, s with { Glucose = Math.Min(4, s.Glucose + 1) }, s);
                break;
            case 5 when HeartRateAndBloodPressureFree(s, action):
                Fluctuate(SepsisResponse.Fluctuation, s with { HeartRate = Math.Max(0, s.HeartRate - 1) }, s with { HeartRate = Math.Min(2, s.HeartRate + 1) }, s, ref branches);
                break;
            case 6 when HeartRateAndBloodPressureFree(s, action) && !action.Vasopressors && !s.Vasopressors:
                Fluctuate(SepsisResponse.Fluctuation, s with { SystolicBp = Math.Max(0, s.SystolicBp - 1) }, s with { SystolicBp = Math.Min(2, s.SystolicBp + 1) }, s, ref branches);
                break;
            case 7 when !action.Ventilation && !s.Ventilation:
                Fluctuate(SepsisResponse.Fluctuation, s with { PercentO2 = 0 }, s with { PercentO2 = 1 }, s, ref branches);
                break;
            case 8 when !action.Vasopressors:
                GlucoseFluctuation(s, ref branches);
                break;
            default: // this stage does not apply to this state and action
                branches.Add(1, s);
                break;
        }
    }

    /// <summary>Antibiotics neither given nor withdrawn: HR and SBP may fluctuate (SBP also needs vasopressors off).</summary>
    private static bool HeartRateAndBloodPressureFree(SepsisState s, SepsisAction action) => !action.Antibiotics && !s.Antibiotics;

    private void VasopressorsOnBloodPressure(SepsisState s, ref SepsisBranches branches)
    {
        var r = _response;
        if (!s.Diabetic)
        {
            // Up one level, high stays high (the published code still draws).
            branches.Either(r.VasopressorsUpOne, s with { SystolicBp = Math.Min(2, s.SystolicBp + 1) }, s);
        }
        else if (s.SystolicBp == 1)
        {
            branches.Either(r.DiabeticVasopressorsNormalToHigh, s with { SystolicBp = 2 }, s);
        }
        else if (s.SystolicBp == 0)
        {
            branches.Add(r.DiabeticVasopressorsLowToNormal, s with { SystolicBp = 1 });
            branches.Add(r.DiabeticVasopressorsLowToHigh, s with { SystolicBp = 2 });
            branches.Add(1.0 - r.DiabeticVasopressorsLowToNormal - r.DiabeticVasopressorsLowToHigh, s);
        }
        else
        {
            branches.Add(1, s);
        }
    }

    private void GlucoseFluctuation(SepsisState s, ref SepsisBranches branches)
    {
        var down = s with { Glucose = Math.Max(0, s.Glucose - 1) };
        if (s.Diabetic)
        {
            Fluctuate(SepsisResponse.DiabeticGlucoseFluctuation, down, s with { Glucose = Math.Min(4, s.Glucose + 1) }, s, ref branches);
            return;
        }

        // The published code caps a non-diabetic's "+1" at level 1 (min(1, g + 1)); the fixed dynamics cap at 4.
        var cap = Model.Dynamics == SepsisDynamics.Original ? 1 : 4;
        Fluctuate(SepsisResponse.Fluctuation, down, s with { Glucose = Math.Min(cap, s.Glucose + 1) }, s, ref branches);
    }

    private static void Fluctuate(double p, SepsisState down, SepsisState up, SepsisState stay, ref SepsisBranches branches)
    {
        branches.Add(p, down);
        branches.Add(p, up);
        branches.Add(1.0 - 2.0 * p, stay);
    }
}
