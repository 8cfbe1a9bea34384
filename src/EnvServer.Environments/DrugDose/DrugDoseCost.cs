using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>
/// drug-dose's safety cost per step: <c>above_toxic</c>, 1 for a step that ends with the target concentration (C, or
/// Ce in pkpd_toxicity) above the toxic concentration 4.5 (<see cref="ToxicConcentration"/>, the threshold of
/// pkpd_toxicity, counted in every task though only pkpd_toxicity ends the episode there); <c>above_label_max</c>, 1 for
/// a step whose given (clipped) dose exceeds the label maximum 1.0 per step (<see cref="LabelMaxDose"/>, the seed's
/// max_dose): it costs only when the reset option max_dose lets doses above the label through.
/// </summary>
internal static class DrugDoseCost
{
    public const double ToxicConcentration = 4.5;

    public const double LabelMaxDose = DrugDoseOptions.DefaultMaxDose;

    public static readonly IReadOnlyList<CostComponent> Components =
    [
        new("above_toxic", "1 per step ending with the target concentration above the toxic concentration 4.5"),
        new("above_label_max", "1 per step whose given dose exceeds the label maximum 1.0 (possible only with max_dose above 1)"),
    ];

    public static SafetyCost Of(double targetConcentration, double dose) => new(
    [
        KeyValuePair.Create(Components[0].Name, targetConcentration > ToxicConcentration ? 1.0 : 0.0),
        KeyValuePair.Create(Components[1].Name, dose > LabelMaxDose ? 1.0 : 0.0),
    ]);
}
