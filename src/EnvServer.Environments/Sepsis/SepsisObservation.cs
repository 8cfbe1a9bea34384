using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Sepsis;

/// <summary>What the agent sees; field meanings are in <see cref="SepsisSchemas.Observation"/>. Hidden levels are null / −1. Readings: the realism readings when observation_noise or missing_rate is on (vitals may then be null), else null.</summary>
internal sealed record SepsisObservation(
    int? HeartRate, int? SystolicBp, int? PercentO2, int? Glucose, bool Antibiotics, bool Ventilation, bool Vasopressors, bool? Diabetic,
    Readings? Readings = null)
    : IJsonFields
{
    /// <summary>Value of a hidden level in <c>features</c>.</summary>
    public const double Hidden = -1.0;

    public void WriteFields(Utf8JsonWriter writer)
    {
        WriteLevel(writer, "heart_rate", SepsisVitals.ThreeLevels, HeartRate);
        WriteLevel(writer, "systolic_bp", SepsisVitals.ThreeLevels, SystolicBp);
        WriteLevel(writer, "percent_o2", SepsisVitals.TwoLevels, PercentO2);
        WriteLevel(writer, "glucose", SepsisVitals.GlucoseLevels, Glucose);
        writer.WriteBoolean("antibiotics", Antibiotics);
        writer.WriteBoolean("ventilation", Ventilation);
        writer.WriteBoolean("vasopressors", Vasopressors);
        if (Diabetic is { } diabetic) writer.WriteBoolean("diabetic", diabetic);
        else writer.WriteNull("diabetic");
        var diabeticFeature = Diabetic is { } d ? (d ? 1 : 0) : Hidden;
        if (Readings is { } readings)
        {
            // The last levels read and the missing indicators; glucose is the fourth reading only where the task shows it.
            var last = readings.LastTaken;
            writer.WriteFloatArray("features",
            [
                last[0], last[1], last[2], last.Length > 3 ? last[3] : Hidden,
                Antibiotics ? 1 : 0, Ventilation ? 1 : 0, Vasopressors ? 1 : 0, diabeticFeature, .. readings.Indicators,
            ]);
            readings.WriteMask(writer);
            return;
        }

        writer.WriteFloatArray("features",
        [
            HeartRate!.Value, SystolicBp!.Value, PercentO2!.Value, Glucose ?? Hidden,
            Antibiotics ? 1 : 0, Ventilation ? 1 : 0, Vasopressors ? 1 : 0, diabeticFeature,
        ]);
    }

    private static void WriteLevel(Utf8JsonWriter writer, string name, IReadOnlyList<string> levels, int? level)
    {
        if (level is { } l) writer.WriteString(name, levels[l]);
        else writer.WriteNull(name);
    }
}
