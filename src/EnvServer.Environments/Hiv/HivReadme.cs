namespace EnvServer.Environments.Hiv;

/// <summary>The markdown served as hiv's /metadata readme_content.</summary>
internal static class HivReadme
{
    public const string Markdown = """
        # hiv

        Antiretroviral therapy on the Adams et al. (2004) HIV model as used by Ernst et al. (2006), matching the
        public HIVPatient benchmark (RL-MVA `env_hiv.py`): every 5 days choose no drug, a protease inhibitor (PI),
        a reverse-transcriptase inhibitor (RTI) or both, for 200 steps.

        | Task | Difficulty | Patient | Agent sees |
        |------|------------|---------|------------|
        | `default_patient` | easy | k1 = 8e-7, k2 = 1e-4, f = 0.34 | clipped state and its log10 |
        | `randomized_patient` | medium | k1 ~ U(5e-7, 8e-7), k2 ~ U(1e-5, 1e-4), f ~ U(0.29, 0.34) per reset | clipped state and its log10 |
        | `clinical_monitoring` | hard | as medium | CD4 (±10 % log-normal) and viral load (0.15 log10) only |

        **Action:** `{"action": i}`: 0 none, 1 PI only (ε2 = 0.3), 2 RTI only (ε1 = 0.7), 3 both.

        **Reward:** −(0.1·V + 2e4·ε1² + 2e4·ε2² − 1e3·E) on the clipped state before the step.
        Never treating the default patient returns 3,432,807.680391572.

        **Grade:** (log10 R − log10 3,432,807.68) / (log10 5e10 − log10 3,432,807.68), clipped to [0.001, 0.999].

        **Reset options:** `integrator` (`reference`: forward Euler h = 1e-3, 4999 sub-steps, the default; `fast`:
        adaptive Rosenbrock RODAS4, rtol 1e-3), `cohort` (hospital_a … hospital_d, data/hiv/cohorts.json), `initial_state`
        (unhealthy, healthy, uninfected), `early_termination` (stable for 10 steps: V ≤ 1000, T1* ≤ 100,
        CD4 ≥ 5e5; off by default), `max_steps` (200).
        """;
}
