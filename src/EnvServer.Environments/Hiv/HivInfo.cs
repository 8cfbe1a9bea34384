using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>hiv's own metadata of a reset or step; field meanings are in <see cref="HivSchemas.Info"/>.</summary>
internal sealed record HivInfo(string Integrator, string? Cohort) : IJsonFields
{
    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("integrator", Integrator);
        writer.WriteString("cohort", Cohort);
    }
}
