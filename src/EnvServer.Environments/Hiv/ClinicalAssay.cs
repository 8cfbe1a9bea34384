using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// What a clinic measures, for clinical_monitoring: the CD4 count (T1 + T1*) and the viral load (V), each with
/// multiplicative log-normal assay error, drawn at reset and after every step (CD4 first). Multiplicative error
/// keeps readings positive and scales with the level, as flow cytometry and RT-PCR errors do.
/// </summary>
internal static class ClinicalAssay
{
    /// <summary>σ of ln(measured/true) CD4: about ±10 %, the reproducibility of CD4 counts by flow cytometry.</summary>
    public const double Cd4LogStd = 0.1;

    /// <summary>σ of log10(measured/true) viral load: 0.15 log10 copies/mL, typical of RT-PCR viral-load assays.</summary>
    public const double ViralLoadLog10Std = 0.15;

    public static (double Cd4, double ViralLoad) Measure(in HivState state, SeededRandom random)
    {
        var cd4 = state.Cd4 * Math.Exp(Cd4LogStd * random.Normal());
        var viralLoad = state.V * Math.Pow(10, ViralLoadLog10Std * random.Normal());
        return (cd4, viralLoad);
    }
}
