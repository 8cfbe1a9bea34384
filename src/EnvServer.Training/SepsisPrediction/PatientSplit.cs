namespace EnvServer.Training.SepsisPrediction;

/// <summary>The three disjoint sets of patients: every hour of a patient is on one side only.</summary>
internal sealed record PatientSplit(IReadOnlyList<PatientStay> Train, IReadOnlyList<PatientStay> Validation, IReadOnlyList<PatientStay> Test)
{
    /// <summary>
    /// Splits patients (not hours) at random with <paramref name="seed"/>, separately among septic and non-septic
    /// patients so that each set has the cohort's share of septic patients.
    /// </summary>
    public static PatientSplit Create(IReadOnlyList<PatientStay> stays, double validationShare, double testShare, int seed)
    {
        if (validationShare <= 0 || testShare <= 0 || validationShare + testShare >= 1)
            throw new ArgumentException($"--validation-share {validationShare} and --test-share {testShare}: each above 0, together below 1.");
        var septic = stays.Count(stay => stay.IsSeptic);
        if (septic < 3 || stays.Count - septic < 3)
            throw new InvalidDataException($"the cohort has {septic} septic and {stays.Count - septic} other patients: at least 3 of each are needed, one per split.");

        var random = new Random(seed);
        var train = new List<PatientStay>();
        var validation = new List<PatientStay>();
        var test = new List<PatientStay>();
        foreach (var stratum in new[] { stays.Where(stay => stay.IsSeptic), stays.Where(stay => !stay.IsSeptic) })
        {
            var shuffled = stratum.ToArray();
            random.Shuffle(shuffled);
            // At least one patient of each stratum in every set, so every set has both classes.
            var testCount = Math.Max(1, (int)Math.Round(shuffled.Length * testShare));
            var validationCount = Math.Max(1, (int)Math.Round(shuffled.Length * validationShare));
            test.AddRange(shuffled[..testCount]);
            validation.AddRange(shuffled[testCount..(testCount + validationCount)]);
            train.AddRange(shuffled[(testCount + validationCount)..]);
        }

        return new PatientSplit(train, validation, test);
    }
}
