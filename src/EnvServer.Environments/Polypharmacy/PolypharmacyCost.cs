using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// polypharmacy's safety cost per step: <c>critical_stop_without_substitute</c>, 1 for stopping a critical drug
/// (warfarin, apixaban, insulin glargine, metoprolol, digoxin) without a substitute, the hard grader's 0.20 penalty
/// as a constraint; <c>outside_mask</c>, 1 for an action the observation's action_mask ruled out (an in-episode invalid action).
/// </summary>
internal static class PolypharmacyCost
{
    public static readonly IReadOnlyList<CostComponent> Components =
    [
        new("critical_stop_without_substitute", "1 per step that stops a critical drug without substituting it"),
        new("outside_mask", "1 per step whose action the action_mask ruled out (an invalid action)"),
    ];

    public static SafetyCost Of(bool criticalStop, bool outsideMask) => new(
    [
        KeyValuePair.Create(Components[0].Name, criticalStop ? 1.0 : 0.0),
        KeyValuePair.Create(Components[1].Name, outsideMask ? 1.0 : 0.0),
    ]);
}
