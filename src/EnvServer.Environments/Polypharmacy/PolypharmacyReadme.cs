namespace EnvServer.Environments.Polypharmacy;

/// <summary>The markdown served as polypharmacy's /metadata readme_content.</summary>
internal static class PolypharmacyReadme
{
    public const string Markdown = """
        # polypharmacy

        Elderly medication review after the seed PolypharmacyEnv: query drug–drug interactions (DDIs), read Beers-criteria
        flags, and propose interventions under budgets to lower the regimen's risk. 34 drugs, 24 DDI rules, 15 Beers rows,
        40 synthetic patients per task (data/polypharmacy/).

        | Task | Difficulty | Drugs | Queries | Interventions | Max steps |
        |------|------------|-------|---------|---------------|-----------|
        | `easy_screening` | easy | 3–5 | 4 | 2 | 10 |
        | `budgeted_screening` (default) | medium | 6–10 | 8 | 3 | 20 |
        | `complex_tradeoff` | hard | 10–15 | 12 | 5 | 30 |

        **Actions** (flat): `{"action_type":"query_ddi","drug_id_1":"warfarin","drug_id_2":"naproxen"}`;
        `{"action_type":"propose_intervention","target_drug_id":"naproxen","intervention_type":"substitute","proposed_new_drug_id":"celecoxib"}`
        (types `stop`, `dose_reduce`, `substitute` within the ATC class, `add_monitoring`); `{"action_type":"finish_review"}`.
        Malformed actions (missing or foreign drug arguments, unknown drug ids) are 422s and take no step. Impossible actions
        (drug not taken, budget exhausted, pair already queried, cross-class substitute, repeated dose_reduce or
        add_monitoring) cost the step and −0.15; the observation's `last_action_error` says why.

        **Risk:** (Σ DDI pair risk + Σ Beers weight + 0.05 × high-risk drugs) ÷ drugs, clipped to [0, 1]. dose_reduce and
        add_monitoring scale a pair's risk by its recommendation (dose_adjust pairs ×0.40 when dose-reduced, monitor_closely
        pairs ×0.50 when monitored, avoid_combination pairs ×0.85 either way) and a drug's Beers weights (dose_adjust rows
        resolved by dose_reduce, caution rows halved by either).

        **Reward:** query = bonus (severe 0.05, moderate 0.02) − 0.015; intervention = Δrisk − 0.025; invalid −0.15;
        finish = grade; −0.25 more on the step that hits max_steps. Reset `reward_mode: "clamped"` clamps each step reward to
        [0.001, 0.999] as the seed does.

        **Grade** (RR = relative risk reduction; clipped to [0.001, 0.999]): easy 0.5·RR + 0.5·[intervened on a drug of a severe
        pair]; medium 0.5·RR + 0.3·precision + 0.2·min(1, severe/moderate found ÷ queries); hard RR − 0.05·(stops + substitutions)
        − 0.20·(critical drugs stopped).

        **Observation:** patient profile, current medications (slot, ATC class, dose, Beers flags, valid interventions,
        substitutes), query and intervention histories, remaining budgets and steps, `valid_query_pairs`, and `action_mask`
        (166 flags: [0] finish, [1..105] slot-pair queries, [106..165] 106 + 4·slot + type), and `features` for learners
        (budgets, then per slot its flags, the interactions found so far and a one-hot of its drug).

        **Reset options:** `patient_index` (0–39; default drawn from the seed), `reward_mode` (`raw` or `clamped`).
        """;
}
