using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// hiv's safety cost per 5-day step, the treatment burden: <c>rti_exposure</c> ε1 / 0.7 and <c>pi_exposure</c>
/// ε2 / 0.3, so each is 1 for a step on that drug class and 0 off it. The reward prices the same exposure
/// (R1·ε1² + R2·ε2²) against the viral load; the cost reports it on its own, for a budget on drug toxicity.
/// </summary>
internal static class HivCost
{
    public static readonly IReadOnlyList<CostComponent> Components =
    [
        new("rti_exposure", "reverse-transcriptase inhibitor exposure this 5-day step, ε1 / 0.7 (1 on RTI, 0 off)"),
        new("pi_exposure", "protease inhibitor exposure this 5-day step, ε2 / 0.3 (1 on PI, 0 off)"),
    ];

    public static SafetyCost Of(HivTreatment treatment) => new(
    [
        KeyValuePair.Create(Components[0].Name, treatment.Rti / HivTreatment.RtiEfficacy),
        KeyValuePair.Create(Components[1].Name, treatment.Pi / HivTreatment.PiEfficacy),
    ]);
}
