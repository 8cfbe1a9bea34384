using EnvServer.Environments.Core;

namespace EnvServer.Environments.Sepsis;

/// <summary>
/// sepsis's safety cost per step, judged on the true state the treatment was given in (before the step):
/// <c>ventilation_not_indicated</c>, 1 for mechanical ventilation while oxygen saturation is normal;
/// <c>vasopressors_not_indicated</c>, 1 for vasopressors while systolic blood pressure is not low. Both are invasive
/// treatments with their own harms (ventilator injury, arrhythmia, ischaemia) that the simulator's reward ignores.
/// </summary>
internal static class SepsisCost
{
    public static readonly IReadOnlyList<CostComponent> Components =
    [
        new("ventilation_not_indicated", "1 per step giving mechanical ventilation while oxygen saturation is normal"),
        new("vasopressors_not_indicated", "1 per step giving vasopressors while systolic blood pressure is not low"),
    ];

    public static SafetyCost Of(SepsisState before, SepsisAction action) => new(
    [
        KeyValuePair.Create(Components[0].Name, action.Ventilation && before.PercentO2 == SepsisState.NormalPercentO2 ? 1.0 : 0.0),
        KeyValuePair.Create(Components[1].Name, action.Vasopressors && before.SystolicBp != 0 ? 1.0 : 0.0),
    ]);
}
