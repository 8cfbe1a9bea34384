namespace EnvServer.Environments.Schema;

/// <summary>The observation field the realism measurement options add.</summary>
public static class RealismSchemas
{
    /// <summary><c>missing_mask</c>, written only when observation_noise, missing_rate or measurement_interval is on.</summary>
    public const string MissingMaskField = "missing_mask";

    public static FieldSchema MissingMask(string measured) => new(MissingMaskField, FieldType.Object,
        $"Present only with a realism measurement option on: for each measured field ({measured}), true when it was not taken this step (its value is null).")
    {
        Conditional = true,
    };
}
