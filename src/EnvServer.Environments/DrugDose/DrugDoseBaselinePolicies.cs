using System.Text.Json;

namespace EnvServer.Environments.DrugDose;

/// <summary>
/// Baseline policies for drug-dose, as functions from an observation (the JSON object a client receives) to a
/// dose, for the LLM agent's fallback and for evaluations. They read only fields every task observes.
/// </summary>
public static class DrugDoseBaselinePolicies
{
    /// <summary>
    /// Dose per step between measurements in <see cref="RefillToMidWindow(double, double, double, int)"/>: what the
    /// fixed patient eliminates per step at mid-window (k = 0.05 × 2.5), so a stale reading is not refilled again.
    /// </summary>
    public const double MaintenanceFraction = 0.05;

    /// <summary>
    /// On a fresh reading (measurement_age 0, which is every step in fixed_patient and variable_patient) the dose
    /// that brings the reading back to the middle of the window, max(0, (target_low + target_high) / 2 − concentration),
    /// as if the dose added to the concentration at once; the server clips it to max_dose. On a stale reading
    /// (pkpd_toxicity between assays) the maintenance dose <see cref="MaintenanceFraction"/> × mid-window, since
    /// refilling a carried-forward reading every step would overdose. A reading not taken (null, realism options) counts as stale.
    /// </summary>
    public static double RefillToMidWindow(JsonElement observation) => observation.GetProperty("concentration").ValueKind == JsonValueKind.Null
        ? RefillToMidWindow(0, observation.GetProperty("target_low").GetDouble(), observation.GetProperty("target_high").GetDouble(), measurementAge: 1)
        : RefillToMidWindow(
        observation.GetProperty("concentration").GetDouble(),
        observation.GetProperty("target_low").GetDouble(),
        observation.GetProperty("target_high").GetDouble(),
        observation.GetProperty("measurement_age").GetInt32());

    public static double RefillToMidWindow(double concentration, double targetLow, double targetHigh, int measurementAge)
    {
        var middle = (targetLow + targetHigh) / 2;
        return measurementAge == 0 ? Math.Max(0.0, middle - concentration) : MaintenanceFraction * middle;
    }
}
