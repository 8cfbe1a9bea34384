using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>What the agent sees after a reset or step; field meanings are in <see cref="DrugDoseSchemas.Observation"/>. Measured: the realism measurements when a measurement option is on (adds missing_mask), else null.</summary>
internal sealed record DrugDoseObservation(
    double? Concentration, double Dose, bool InWindow, int MeasurementAge, TherapeuticWindow Window, double[] Features, Readings? Measured)
    : IJsonFields
{
    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteFloat(DrugDoseSchemas.ConcentrationField, Concentration);
        writer.WriteFloat("dose", Dose);
        writer.WriteBoolean("in_window", InWindow);
        writer.WriteNumber("measurement_age", MeasurementAge);
        writer.WriteFloat("target_low", Window.Low);
        writer.WriteFloat("target_high", Window.High);
        writer.WriteFloatArray("features", Features);
        Measured?.WriteMask(writer);
    }
}
