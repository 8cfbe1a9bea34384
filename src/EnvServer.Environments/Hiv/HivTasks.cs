using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>The three tasks of hiv, easiest first.</summary>
internal static class HivTasks
{
    public const string DefaultPatient = "default_patient";
    public const string RandomizedPatient = "randomized_patient";
    public const string ClinicalMonitoring = "clinical_monitoring";

    public static readonly IReadOnlyList<EnvironmentTask> All =
    [
        new(DefaultPatient, "easy",
            "The benchmark's default patient (k1 = 8e-7, k2 = 1e-4, f = 0.34), unhealthy start, full state observed; reference integrator."),
        new(RandomizedPatient, "medium",
            "The benchmark's domain randomisation: k1 ~ U(5e-7, 8e-7), k2 ~ U(1e-5, 1e-4), f ~ U(0.29, 0.34) at every reset; full state observed."),
        new(ClinicalMonitoring, "hard",
            "A randomised patient seen only as a clinic sees one: CD4 count and viral load with log-normal assay noise, no T2, T2* or E."),
    ];
}
