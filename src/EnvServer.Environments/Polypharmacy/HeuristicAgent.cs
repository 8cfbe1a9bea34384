using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// Baseline of §4, using only the observation. (1) Query unqueried pairs in order of a prior risk score — per
/// drug 2 if high-risk in the elderly, 1 if critical, 1 per Beers flag; pairs scoring 0 are never queried — while
/// the query budget lasts and enough steps remain for the planned interventions and finish. (2) Act on found
/// severe pairs (highest base risk first), then moderate pairs, then drugs with a Beers avoid or
/// avoid_in_condition flag: for a pair to avoid, substitute the drug that is in more found pairs (non-critical
/// first) when it has a "safe" substitute (not high-risk, no Beers flag, in no found interaction), else stop it
/// unless it is critical, else reduce the dose or monitor; a dose_adjust pair gets dose_reduce and a
/// monitor_closely pair add_monitoring. (3) Finish.
/// </summary>
public sealed class HeuristicAgent : IPolypharmacyAgent
{
    /// <exception cref="InvalidInputException">The observation is not one the environment could have written (see <see cref="PolypharmacyObservationCheck"/>).</exception>
    public PolypharmacyAction Act(JsonElement observation)
    {
        PolypharmacyObservationCheck.Ensure(observation);
        var view = new View(observation);
        if (view.RemainingSteps <= 1) return PolypharmacyAction.Finish();

        var plan = view.RemainingInterventions > 0 ? Plan(view).ToList() : [];
        var reserve = Math.Min(view.RemainingInterventions, Math.Max(plan.Count, 1)) + 1;
        if (view.RemainingQueries > 0 && view.RemainingSteps > reserve && NextQuery(view) is { } query) return query;
        return plan.Count > 0 ? plan[0] : PolypharmacyAction.Finish();
    }

    private static PolypharmacyAction? NextQuery(View view)
    {
        var best = view.ValidPairs
            .Select(p => (Pair: p, Score: view.Prior(p.A) + view.Prior(p.B)))
            .Where(p => p.Score > 0)
            .OrderByDescending(p => p.Score)
            .FirstOrDefault();
        return best.Pair.A is null ? null : PolypharmacyAction.Query(best.Pair.A, best.Pair.B);
    }

    /// <summary>Valid interventions in priority order.</summary>
    private static IEnumerable<PolypharmacyAction> Plan(View view)
    {
        var found = view.Found.Where(f => view.Has(f.A) && view.Has(f.B)).ToArray();
        foreach (var severity in new[] { PolypharmacyVocabulary.Severe, PolypharmacyVocabulary.Moderate })
        {
            foreach (var pair in found.Where(f => f.Severity == severity).OrderByDescending(f => f.Risk))
            {
                var action = pair.Recommendation switch
                {
                    PolypharmacyVocabulary.DoseAdjust when severity == PolypharmacyVocabulary.Moderate =>
                        Mitigate(view, pair, PolypharmacyVocabulary.DoseReduce) ?? Remove(view, pair),
                    PolypharmacyVocabulary.MonitorClosely when severity == PolypharmacyVocabulary.Moderate =>
                        Mitigate(view, pair, PolypharmacyVocabulary.AddMonitoring) ?? Remove(view, pair),
                    _ => Remove(view, pair),
                };
                if (action is not null) yield return action;
            }
        }

        foreach (var medication in view.Medications)
        {
            var avoid = medication.Beers.Any(b => b is PolypharmacyVocabulary.Avoid or PolypharmacyVocabulary.AvoidInCondition);
            if (!avoid || medication.Critical) continue;
            if (SafeSubstitute(view, medication) is { } substitute) yield return PolypharmacyAction.Intervene(medication.Id, PolypharmacyVocabulary.Substitute, substitute);
            else if (medication.Valid.Contains(PolypharmacyVocabulary.Stop)) yield return PolypharmacyAction.Intervene(medication.Id, PolypharmacyVocabulary.Stop);
        }
    }

    /// <summary>Takes a drug of the pair out: the one in more found pairs first, non-critical first.</summary>
    private static PolypharmacyAction? Remove(View view, Found pair)
    {
        var candidates = new[] { view.Medication(pair.A), view.Medication(pair.B) }
            .OrderBy(m => m.Critical)
            .ThenByDescending(m => view.Found.Count(f => f.Severity != PolypharmacyVocabulary.NoInteraction && (f.A == m.Id || f.B == m.Id)))
            .ThenByDescending(m => SafeSubstitute(view, m) is not null)
            .ToArray();
        foreach (var medication in candidates)
        {
            if (SafeSubstitute(view, medication) is { } substitute) return PolypharmacyAction.Intervene(medication.Id, PolypharmacyVocabulary.Substitute, substitute);
            if (!medication.Critical && medication.Valid.Contains(PolypharmacyVocabulary.Stop)) return PolypharmacyAction.Intervene(medication.Id, PolypharmacyVocabulary.Stop);
        }

        var fallback = pair.Recommendation == PolypharmacyVocabulary.MonitorClosely ? PolypharmacyVocabulary.AddMonitoring : PolypharmacyVocabulary.DoseReduce;
        return Mitigate(view, pair, fallback) ?? Mitigate(view, pair, PolypharmacyVocabulary.AddMonitoring);
    }

    private static PolypharmacyAction? Mitigate(View view, Found pair, string type)
    {
        var medications = new[] { view.Medication(pair.A), view.Medication(pair.B) };
        // Either drug mitigates the pair once; skip pairs already mitigated this way.
        if (medications.Any(m => type == PolypharmacyVocabulary.DoseReduce ? m.DoseReduced : m.Monitored)) return null;
        var target = medications.FirstOrDefault(m => m.Valid.Contains(type));
        return target is null ? null : PolypharmacyAction.Intervene(target.Id, type);
    }

    private static string? SafeSubstitute(View view, Medication medication)
    {
        if (!medication.Valid.Contains(PolypharmacyVocabulary.Substitute)) return null;
        return medication.Substitutes
            .Where(s => !s.HighRisk && s.BeersCount == 0 && !view.Found.Any(f => f.Severity != PolypharmacyVocabulary.NoInteraction && (f.A == s.Id || f.B == s.Id)))
            .Select(s => s.Id)
            .FirstOrDefault();
    }

    private sealed record Medication(string Id, bool HighRisk, bool Critical, string[] Beers, bool DoseReduced, bool Monitored, string[] Valid, Substitute[] Substitutes);

    private sealed record Substitute(string Id, bool HighRisk, int BeersCount);

    private sealed record Found(string A, string B, string Severity, string Recommendation, double Risk);

    /// <summary>The parts of the observation the heuristic reads.</summary>
    private sealed class View
    {
        public View(JsonElement observation)
        {
            RemainingQueries = observation.GetProperty("remaining_query_budget").GetInt32();
            RemainingInterventions = observation.GetProperty("remaining_intervention_budget").GetInt32();
            RemainingSteps = observation.GetProperty("remaining_steps").GetInt32();
            Medications = observation.GetProperty("current_medications").EnumerateArray().Select(m => new Medication(
                m.GetProperty("drug_id").GetString()!,
                m.GetProperty("high_risk_elderly").GetBoolean(),
                m.GetProperty("critical").GetBoolean(),
                m.GetProperty("beers_flags").EnumerateArray().Select(b => b.GetProperty("criterion").GetString()!).ToArray(),
                m.GetProperty("dose_reduced").GetBoolean(),
                m.GetProperty("monitored").GetBoolean(),
                m.GetProperty("valid_interventions").EnumerateArray().Select(v => v.GetString()!).ToArray(),
                m.GetProperty("substitutes").EnumerateArray().Select(s => new Substitute(
                    s.GetProperty("drug_id").GetString()!, s.GetProperty("high_risk_elderly").GetBoolean(), s.GetProperty("beers_flags").GetArrayLength())).ToArray()))
                .ToArray();
            Found = observation.GetProperty("interaction_queries").EnumerateArray().Select(q => new Found(
                q.GetProperty("drug_id_1").GetString()!, q.GetProperty("drug_id_2").GetString()!, q.GetProperty("severity").GetString()!,
                q.GetProperty("recommendation").GetString()!, q.GetProperty("base_risk").GetDouble())).ToArray();
            ValidPairs = observation.GetProperty("valid_query_pairs").EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetString()!)).ToArray();
        }

        public int RemainingQueries { get; }

        public int RemainingInterventions { get; }

        public int RemainingSteps { get; }

        public Medication[] Medications { get; }

        public Found[] Found { get; }

        public (string A, string B)[] ValidPairs { get; }

        public bool Has(string drugId) => Medications.Any(m => m.Id == drugId);

        public Medication Medication(string drugId) => Medications.First(m => m.Id == drugId);

        public int Prior(string drugId)
        {
            var m = Medication(drugId);
            return (m.HighRisk ? 2 : 0) + (m.Critical ? 1 : 0) + m.Beers.Length;
        }
    }
}
