using EnvServer.Environments.Core;
using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Sepsis;

/// <summary>sepsis's own reset options, checked by the server against these schemas before reset.</summary>
internal static class SepsisOptions
{
    public const string Dynamics = "dynamics";
    public const string AgeGroup = "age_group";
    public const string Shaping = "shaping";

    public static readonly IReadOnlyList<FieldSchema> Fields =
    [
        new FieldSchema(Dynamics, FieldType.String,
            "Transition rules: 'fixed' (default; a non-diabetic's glucose can rise to very high) or 'original' " +
            "(the published code used for the paper, where a non-diabetic's +1 glucose move is min(1, glucose + 1)).")
        {
            AllowedValues = [SepsisNames.Fixed, SepsisNames.Original],
        }.WithDefault(SepsisNames.Fixed),
        new FieldSchema(AgeGroup, FieldType.String,
            "Patient profile (this project's extension): 'adult' (default, the published responses) or 'older' " +
            "(every treatment-response probability × 0.8).")
        {
            AllowedValues = [SepsisNames.Adult, SepsisNames.Older],
        }.WithDefault(SepsisNames.Adult),
        new FieldSchema(Shaping, FieldType.Boolean,
            "Add potential-based shaping F = Φ(s') − Φ(s), Φ = −0.1 × abnormal vitals, Φ = 0 at the episode's end, " +
            "to the ±1 outcome (default true); false gives the paper's sparse reward. metadata.raw_outcome has the unshaped reward either way.")
            .WithDefault(true),
        .. Realism.Fields(clock: false).Where(f => f.Name != Realism.ParameterVariation),
    ];
}
