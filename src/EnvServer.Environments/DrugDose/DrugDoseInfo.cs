using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>The environment's own metadata of a step; field meanings are in <see cref="DrugDoseSchemas.Info"/>.</summary>
internal sealed record DrugDoseInfo(double InRangePct, bool Toxic) : IJsonFields
{
    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteFloat("in_range_pct", InRangePct);
        writer.WriteBoolean("toxic", Toxic);
    }
}
