using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// The project's deterministic generator of <c>patients.csv</c>: 40 synthetic patients per task drawn from a
/// fixed seed per task with <see cref="SeededRandom"/>, so the same catalog always gives the same bytes.
/// Regenerate with <c>dotnet run --project src/EnvServer.Tools -- polypharmacy-generate-patients</c>.
/// <para>Per patient: age uniform in the task's range; sex F w.p. 0.55; 1–2 (easy), 2–4 (medium) or 4–6 (hard)
/// conditions; in easy and hard a severe DDI pair is planted first (its drugs' indications join the conditions);
/// the regimen is then filled from the condition→drug map plus a pool of drugs older patients often receive
/// from other prescribers, up to a drug count uniform in the task's range. A draw is kept only if it meets the
/// task's profile (<see cref="Meets"/>), else redrawn from the same stream. Each dose is the drug's default, or
/// twice it (capped at the maximum) w.p. 0.25; eGFR and liver categories follow CKD and fixed odds.</para>
/// </summary>
public static class PatientGenerator
{
    /// <summary>Seed of each task's stream; changing it changes patients.csv.</summary>
    public static readonly IReadOnlyDictionary<string, long> Seeds = new Dictionary<string, long>
    {
        [PolypharmacyTasks.EasyScreening] = 3_001,
        [PolypharmacyTasks.BudgetedScreening] = 3_002,
        [PolypharmacyTasks.ComplexTradeoff] = 3_003,
    };

    /// <summary>Drugs prescribed for each condition.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> DrugsByCondition = new Dictionary<string, string[]>
    {
        ["HTN"] = ["lisinopril", "losartan", "amlodipine", "hydrochlorothiazide", "metoprolol"],
        ["DM"] = ["metformin", "glipizide", "insulin_glargine"],
        ["HF"] = ["furosemide", "spironolactone", "metoprolol", "digoxin", "lisinopril"],
        ["CKD"] = ["furosemide", "amlodipine"],
        ["AF"] = ["warfarin", "apixaban", "digoxin", "amiodarone", "metoprolol"],
        ["COPD"] = ["prednisone"],
        ["OA"] = ["naproxen", "ibuprofen", "celecoxib", "tramadol"],
        ["depression"] = ["fluoxetine", "sertraline", "amitriptyline", "nortriptyline"],
        ["dementia"] = ["donepezil"],
        ["GERD"] = ["omeprazole"],
        ["BPH"] = ["tamsulosin"],
        ["neuropathy"] = ["gabapentin", "amitriptyline", "nortriptyline"],
    };

    /// <summary>Drugs older patients often receive whatever their listed conditions (prevention, sleep, infections).</summary>
    public static readonly IReadOnlyList<string> OtherPrescribers =
        ["atorvastatin", "simvastatin", "aspirin", "clopidogrel", "diazepam", "alprazolam", "ciprofloxacin", "omeprazole"];

    private static readonly Dictionary<string, (int Min, int Max)> ConditionCounts = new()
    {
        [PolypharmacyTasks.EasyScreening] = (1, 2),
        [PolypharmacyTasks.BudgetedScreening] = (2, 4),
        [PolypharmacyTasks.ComplexTradeoff] = (4, 6),
    };

    public static IReadOnlyList<PatientRecord> Generate(PolypharmacyCatalog catalog)
    {
        var patients = new List<PatientRecord>();
        foreach (var task in PolypharmacyTasks.All)
        {
            var random = new SeededRandom(Seeds[task.Id]);
            var prefix = char.ToUpperInvariant(task.Id[0]);
            for (var i = 1; i <= PolypharmacyTasks.PatientsPerTask; i++)
            {
                PatientRecord patient;
                do patient = Draw(task.Id, $"{prefix}{i:000}", catalog, random);
                while (!Meets(patient, catalog));
                patients.Add(patient);
            }
        }

        return patients;
    }

    /// <summary>
    /// The task's profile: easy has a severe pair; medium has at least two severe or moderate pairs and a Beers
    /// flag; hard has a severe pair, at least three interacting pairs and a critical drug.
    /// </summary>
    public static bool Meets(PatientRecord patient, PolypharmacyCatalog catalog)
    {
        var ids = patient.Medications.Select(m => m.DrugId).ToArray();
        var pairs = RiskModel.PairsAmong(ids, catalog).ToArray();
        var severe = pairs.Count(r => r.Severity == PolypharmacyVocabulary.Severe);
        return patient.TaskId switch
        {
            PolypharmacyTasks.EasyScreening => severe >= 1,
            PolypharmacyTasks.BudgetedScreening =>
                pairs.Count(r => r.Severity != PolypharmacyVocabulary.Mild) >= 2 && ids.Any(id => catalog.BeersFor(id, patient.Conditions.ToArray()).Any()),
            PolypharmacyTasks.ComplexTradeoff => severe >= 1 && pairs.Length >= 3 && ids.Any(id => catalog.Drug(id).Critical),
            _ => false,
        };
    }

    private static PatientRecord Draw(string taskId, string patientId, PolypharmacyCatalog catalog, SeededRandom random)
    {
        var rules = PolypharmacyTasks.RulesFor(taskId);
        var age = rules.MinAge + random.NextInt(rules.MaxAge - rules.MinAge + 1);
        var sex = random.Bernoulli(0.55) ? "F" : "M";

        var conditions = new HashSet<string>(StringComparer.Ordinal);
        var (minConditions, maxConditions) = ConditionCounts[taskId];
        var conditionCount = minConditions + random.NextInt(maxConditions - minConditions + 1);
        var drugCount = rules.MinDrugs + random.NextInt(rules.MaxDrugs - rules.MinDrugs + 1);
        var drugs = new List<string>();

        if (taskId != PolypharmacyTasks.BudgetedScreening)
        {
            var severe = catalog.Rules.Where(r => r.Severity == PolypharmacyVocabulary.Severe).ToArray();
            var planted = severe[random.NextInt(severe.Length)];
            foreach (var id in new[] { planted.DrugId1, planted.DrugId2 })
            {
                drugs.Add(id);
                if (IndicationOf(id) is { } indication) conditions.Add(indication);
            }
        }

        while (conditions.Count < conditionCount)
        {
            conditions.Add(PolypharmacyVocabulary.Conditions[random.NextInt(PolypharmacyVocabulary.Conditions.Count)]);
        }

        var pool = conditions.SelectMany(c => DrugsByCondition[c]).Concat(OtherPrescribers).Distinct().Where(d => !drugs.Contains(d)).ToList();
        while (drugs.Count < drugCount)
        {
            if (pool.Count == 0) pool = catalog.Drugs.Select(d => d.Id).Where(d => !drugs.Contains(d)).ToList();
            var index = random.NextInt(pool.Count);
            drugs.Add(pool[index]);
            pool.RemoveAt(index);
        }

        var medications = drugs.Select(id =>
        {
            var drug = catalog.Drug(id);
            var high = random.Bernoulli(0.25);
            return new Prescription(id, high ? Math.Min(drug.MaxDoseMg, 2 * drug.DefaultDoseMg) : drug.DefaultDoseMg);
        }).ToArray();

        var ordered = PolypharmacyVocabulary.Conditions.Where(conditions.Contains).ToArray();
        var egfr = conditions.Contains("CKD")
            ? (random.Bernoulli(0.6) ? "moderately_reduced" : "severely_reduced")
            : (random.Bernoulli(0.7) ? "normal" : "mildly_reduced");
        var liverDraw = random.NextDouble();
        var liver = liverDraw < 0.85 ? "normal" : liverDraw < 0.97 ? "mild_impairment" : "moderate_impairment";
        return new PatientRecord(patientId, taskId, age, sex, ordered, egfr, liver, medications);
    }

    /// <summary>The first condition (in map order) a drug is prescribed for, or null for the other-prescriber drugs.</summary>
    private static string? IndicationOf(string drugId) =>
        PolypharmacyVocabulary.Conditions.FirstOrDefault(c => DrugsByCondition[c].Contains(drugId));
}
