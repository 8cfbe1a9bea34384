using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// What the agent sees after a reset or step; field meanings are in <see cref="HivSchemas.Observation"/>.
/// The log10 forms are computed when the observation is written, not when the step is taken, so that stepping
/// in-process does not pay for them.
/// </summary>
/// <param name="State">The clipped state, or null when the task hides it (clinical_monitoring).</param>
/// <param name="Cd4">CD4 count as observed (exact, or measured in clinical_monitoring).</param>
/// <param name="ViralLoad">Viral load as observed.</param>
/// <param name="Action">Action of the step, 0 at reset.</param>
/// <param name="Treatment">Efficacies applied in the step.</param>
/// <param name="Measured">The realism measurements when a measurement option is on (then Cd4 and ViralLoad may be null), else null.</param>
internal sealed record HivObservation(HivState? State, double? Cd4, double? ViralLoad, int Action, HivTreatment Treatment, Readings? Measured)
    : IJsonFields
{
    /// <summary>Values are floored here before log10, so that an empty compartment reads −6 rather than −∞.</summary>
    public const double LogFloor = 1e-6;

    public static double Log(double value) => Math.Log10(Math.Max(value, LogFloor));

    public void WriteFields(Utf8JsonWriter writer)
    {
        Span<double> values = stackalloc double[HivState.Size];
        Span<double> logs = stackalloc double[HivState.Size];
        if (State is { } state)
        {
            state.CopyTo(values);
            for (var i = 0; i < values.Length; i++) logs[i] = Log(values[i]);
            writer.WriteFloatArray("state", values);
            writer.WriteFloatArray("log_state", logs);
        }
        else
        {
            writer.WriteNull("state");
            writer.WriteNull("log_state");
        }

        writer.WriteFloat("cd4", Cd4);
        writer.WriteFloat("viral_load", ViralLoad);
        writer.WriteNumber("action", Action);
        writer.WriteFloat("rti_efficacy", Treatment.Rti);
        writer.WriteFloat("pi_efficacy", Treatment.Pi);
        if (Measured is not null)
        {
            // The last values taken and the missing indicators, so learners see both what was measured and how stale it is.
            writer.WriteFloatArray("features", [Log(Measured.LastTaken[0]), Log(Measured.LastTaken[1]), .. Measured.Indicators]);
            Measured.WriteMask(writer);
        }
        else if (State is null)
        {
            logs[0] = Log(Cd4!.Value);
            logs[1] = Log(ViralLoad!.Value);
            writer.WriteFloatArray("features", logs[..2]);
        }
        else
        {
            writer.WriteFloatArray("features", logs);
        }
    }
}
