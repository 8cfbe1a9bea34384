namespace EnvServer.Environments.Sepsis;

/// <summary>The markdown served as sepsis's /metadata readme_content.</summary>
internal static class SepsisReadme
{
    public const string Markdown = """
        # sepsis

        ICU sepsis treatment on the simulator of Oberst & Sontag 2019 (clinicalml/gumbel-max-scm, sepsisSimDiabetes).
        Vitals: heart rate and systolic BP (low / normal / high), O2 saturation (low / normal), glucose (very low … very high);
        a hidden diabetic flag. Three or more abnormal vitals: death (−1). All normal with no treatment in effect: discharge (+1).

        | Task | Difficulty | Agent sees |
        |------|------------|------------|
        | `full_state` | easy | everything, diabetic flag included |
        | `observed_state` | medium | everything but the diabetic flag (the paper's setting) |
        | `noisy_monitoring` | hard | HR, SBP, O2 from a monitor (missing w.p. 0.2, misread w.p. 0.2); no glucose, no diabetic flag |

        **Action:** `{"action": i}`, i = 4·antibiotics + 2·ventilation + vasopressors (0–7).

        **Reward:** the ±1 outcome plus potential-based shaping Φ(s') − Φ(s), Φ = −0.1 × abnormal vitals, Φ = 0 at the
        episode's end (reset option `shaping: false` turns it off); `metadata.raw_outcome` is the unshaped reward.
        Episodes are truncated after 20 steps.

        **Grade:** (1 + outcome)/2 clipped to [0.001, 0.999]: death 0.001, timeout 0.5, discharge 0.999.

        **Reference optimum:** the transition kernel (1440 full states × 8 actions) is enumerated exactly from the rules and
        solved by dynamic programming; `metadata.optimal_value` is the optimal policy's exact expected outcome (the optimum in
        `full_state`, an upper bound elsewhere), and `state.reference_action` its action now.

        **Reset options:** `dynamics` (`fixed`, or `original`: the published code's glucose cap), `age_group` (`adult`, or
        `older`: treatment responses × 0.8, this project's extension), `shaping` (default true).
        """;
}
