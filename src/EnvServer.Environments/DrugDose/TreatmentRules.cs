namespace EnvServer.Environments.DrugDose;

/// <summary>
/// What a task adds to the pharmacokinetics: the price of dosing, when the drug turns toxic, and
/// whether plasma is seen exactly or through <see cref="PlasmaAssay"/>.
/// </summary>
/// <param name="DoseCost">Reward subtracted per unit of (clipped) dose.</param>
/// <param name="ToxicThreshold">Effect concentration above which the episode terminates.</param>
/// <param name="ToxicPenalty">Reward subtracted on the step that crosses the threshold.</param>
/// <param name="MeasuredByAssay">Whether the agent sees sparse noisy plasma samples instead of the true concentration.</param>
internal sealed record TreatmentRules(double DoseCost, double ToxicThreshold, double ToxicPenalty, bool MeasuredByAssay)
{
    /// <summary>The seed's rules (easy and medium): dosing is free, nothing is toxic, C is observed exactly.</summary>
    public static readonly TreatmentRules Seed = new(0.0, double.PositiveInfinity, 0.0, false);

    /// <summary>
    /// The hard task's rules. A dose cost of 0.1 per unit makes a full dose every step cost a tenth of the
    /// in-window reward: enough to prefer the smallest sufficient dose, never enough to make under-dosing
    /// pay. The toxic threshold 4.5 is 1.5 × c_max, so a mild overshoot is only penalised by its distance
    /// while a real overdose ends the episode; its penalty of 10 outweighs ten steps in the window.
    /// </summary>
    public static readonly TreatmentRules PkpdToxicity = new(0.1, 4.5, 10.0, true);
}
