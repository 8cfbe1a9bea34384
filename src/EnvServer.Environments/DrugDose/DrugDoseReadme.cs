namespace EnvServer.Environments.DrugDose;

/// <summary>The markdown served as drug-dose's /metadata readme_content.</summary>
internal static class DrugDoseReadme
{
    public const string Markdown = """
        # drug-dose

        Keep a patient's drug concentration inside the therapeutic window [2, 3] by choosing one dose per step.
        Ported from rl-drug-dosage-poc (`DrugDoseEnv`, one-compartment pharmacokinetics).

        | Task | Difficulty | Patient | Agent sees |
        |------|------------|---------|------------|
        | `fixed_patient` | easy | C' = max(0, C·(1−k) + dose), k = 0.05 | C exactly |
        | `variable_patient` | medium | k ~ U(0.03, 0.08) per reset, noise σ = 0.01 | C exactly |
        | `pkpd_toxicity` | hard | two compartments + effect site, per-patient rates, σ = 0.01 | plasma every 4 steps, ±10 % assay error |

        **Action:** `{"dose": x}`, clipped to [0, max_dose] (default 1).

        **Reward:** +1 with the target concentration in the window, else minus its distance to the window.
        In `pkpd_toxicity` the target is the effect site, each unit of dose costs 0.1, and an effect above 4.5
        is toxic: −10 and the episode terminates. Otherwise episodes are truncated after `max_steps` (100).

        **Grade:** steps in the window ÷ max_steps, minus 0.5 after a toxic event, clipped to [0.001, 0.999].

        **Reset options:** `elimination_rate`, `noise_std`, `initial_concentration`, `max_dose`, `max_steps`.
        """;
}
