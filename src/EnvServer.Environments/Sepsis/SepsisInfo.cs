using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Sepsis;

/// <summary>sepsis's own metadata of a reset or step; field meanings are in <see cref="SepsisSchemas.Info"/>.</summary>
internal sealed record SepsisInfo(double RawOutcome, double Shaping, SepsisOutcome Outcome, double OptimalValue) : IJsonFields
{
    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteFloat("raw_outcome", RawOutcome);
        writer.WriteFloat("shaping", Shaping);
        writer.WriteNumber("outcome", (int)Outcome);
        writer.WriteFloat("optimal_value", OptimalValue);
    }
}
