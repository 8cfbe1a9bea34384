using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Sepsis;

/// <summary>What the agent sees; field meanings are in <see cref="SepsisSchemas.Observation"/>. Hidden levels are null / −1.</summary>
internal sealed record SepsisObservation(
    int HeartRate, int SystolicBp, int PercentO2, int? Glucose, bool Antibiotics, bool Ventilation, bool Vasopressors, bool? Diabetic)
    : IJsonFields
{
    /// <summary>Value of a hidden level in <c>features</c>.</summary>
    public const double Hidden = -1.0;

    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("heart_rate", SepsisVitals.ThreeLevels[HeartRate]);
        writer.WriteString("systolic_bp", SepsisVitals.ThreeLevels[SystolicBp]);
        writer.WriteString("percent_o2", SepsisVitals.TwoLevels[PercentO2]);
        if (Glucose is { } glucose) writer.WriteString("glucose", SepsisVitals.GlucoseLevels[glucose]);
        else writer.WriteNull("glucose");
        writer.WriteBoolean("antibiotics", Antibiotics);
        writer.WriteBoolean("ventilation", Ventilation);
        writer.WriteBoolean("vasopressors", Vasopressors);
        if (Diabetic is { } diabetic) writer.WriteBoolean("diabetic", diabetic);
        else writer.WriteNull("diabetic");
        writer.WriteFloatArray("features",
        [
            HeartRate, SystolicBp, PercentO2, Glucose ?? Hidden,
            Antibiotics ? 1 : 0, Ventilation ? 1 : 0, Vasopressors ? 1 : 0,
            Diabetic is { } d ? (d ? 1 : 0) : Hidden,
        ]);
    }
}
