namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// The observation's numeric <c>features</c> vector for learners, laid out by the same slots as the
/// <see cref="ActionMask"/> so a policy's slot inputs line up with its slot actions. Everything in it is
/// also in the observation itself (no hidden state): 4 budget numbers, then per slot 0–14
/// <see cref="PerSlotFlags"/> numbers followed by a one-hot of the slot's drug over drug_metadata.csv
/// (file order). An empty slot (a stopped drug, or a patient with fewer drugs) is all zeros.
/// </summary>
internal static class PolypharmacyFeatures
{
    public const int GlobalCount = 4;

    /// <summary>
    /// Per slot: taken, high-risk in the elderly, critical, Beers rows that apply (avoid, caution, dose_adjust,
    /// avoid_in_condition), dose reduced, monitored, interactions found so far with drugs still taken (count severe,
    /// moderate, mild; Σ base risk; count avoid_combination, monitor_closely, dose_adjust), and whether a substitute
    /// without a high-risk or Beers flag is available.
    /// </summary>
    public const int PerSlotFlags = 17;

    public static int Size(PolypharmacyCatalog catalog) => GlobalCount + ActionMask.MaxSlots * (PerSlotFlags + catalog.Drugs.Count);

    public static double[] Compute(
        PolypharmacyEpisode episode, (int Slot, MedicationState Medication)[] current, QueryRecord[] queries, int remainingSteps)
    {
        var catalog = episode.Catalog;
        var rules = episode.Rules;
        var features = new double[Size(catalog)];
        features[0] = (double)episode.RemainingQueries / rules.QueryBudget;
        features[1] = (double)episode.RemainingInterventions / rules.InterventionBudget;
        features[2] = (double)remainingSteps / rules.MaxSteps;
        features[3] = (double)current.Length / ActionMask.MaxSlots;

        var taken = current.Select(c => c.Medication.Drug.Id).ToHashSet(StringComparer.Ordinal);
        var found = queries.Where(q => taken.Contains(q.DrugId1) && taken.Contains(q.DrugId2)).ToArray();
        var stride = PerSlotFlags + catalog.Drugs.Count;
        foreach (var (slot, medication) in current)
        {
            var drug = medication.Drug;
            var f = features.AsSpan(GlobalCount + slot * stride, stride);
            var beers = episode.BeersFor(drug.Id).Select(b => b.Criterion).ToArray();
            var mine = found.Where(q => q.DrugId1 == drug.Id || q.DrugId2 == drug.Id).ToArray();
            f[0] = 1.0;
            f[1] = Flag(drug.HighRiskElderly);
            f[2] = Flag(drug.Critical);
            for (var c = 0; c < PolypharmacyVocabulary.BeersCriteria.Count; c++) f[3 + c] = Flag(beers.Contains(PolypharmacyVocabulary.BeersCriteria[c]));
            f[7] = Flag(medication.DoseReduced);
            f[8] = Flag(medication.Monitored);
            for (var s = 0; s < PolypharmacyVocabulary.Severities.Count; s++) f[9 + s] = mine.Count(q => q.Severity == PolypharmacyVocabulary.Severities[s]);
            f[12] = mine.Sum(q => q.BaseRisk);
            f[13] = mine.Count(q => q.Recommendation == PolypharmacyVocabulary.AvoidCombination);
            f[14] = mine.Count(q => q.Recommendation == PolypharmacyVocabulary.MonitorClosely);
            f[15] = mine.Count(q => q.Recommendation == PolypharmacyVocabulary.DoseAdjust);
            f[16] = Flag(episode.SubstitutesFor(drug).Any(s => !s.HighRiskElderly && !episode.BeersFor(s.Id).Any()));
            f[PerSlotFlags + catalog.DrugIndex(drug.Id)] = 1.0;
        }

        return features;
    }

    private static double Flag(bool value) => value ? 1.0 : 0.0;
}
