using System.Text.Json;

namespace EnvServer.Environments.Sepsis;

/// <summary>
/// Baseline policies for sepsis, as functions from an observation (the JSON object a client receives) to an action
/// index, for the LLM agent's fallback and for evaluations. They read only heart rate, blood pressure and oxygen,
/// which every task observes (as monitor readings in noisy_monitoring).
/// </summary>
public static class SepsisBaselinePolicies
{
    /// <summary>
    /// Treat what is abnormal, each treatment for the vital it acts on in the simulator: antibiotics while heart rate
    /// or systolic blood pressure is high, ventilation while oxygen is low, vasopressors while blood pressure is low;
    /// nothing once they are normal, the only action after which a patient can be discharged.
    /// </summary>
    public static int TreatAbnormalVitals(JsonElement observation)
    {
        var heartRate = observation.GetProperty("heart_rate").GetString();
        var bloodPressure = observation.GetProperty("systolic_bp").GetString();
        var oxygen = observation.GetProperty("percent_o2").GetString();
        var antibiotics = heartRate == "high" || bloodPressure == "high";
        var ventilation = oxygen == "low";
        var vasopressors = bloodPressure == "low";
        return (antibiotics ? 4 : 0) + (ventilation ? 2 : 0) + (vasopressors ? 1 : 0);
    }
}
