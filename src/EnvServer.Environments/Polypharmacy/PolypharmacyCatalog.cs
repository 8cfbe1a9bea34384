using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// The drug knowledge of the environment, read-only: drugs, DDI rules and Beers criteria from
/// <c>data/polypharmacy/</c>. Loaded once (<see cref="Shared"/>) and shared by every environment instance.
/// </summary>
public sealed class PolypharmacyCatalog
{
    public const string DrugFile = "drug_metadata.csv";
    public const string DdiFile = "ddi_rules.csv";
    public const string BeersFile = "beers_criteria.csv";

    private static readonly Lazy<PolypharmacyCatalog> SharedCatalog = new(() => Load(DataFiles.PathOf("polypharmacy")));

    private readonly Dictionary<string, Drug> _drugs;
    private readonly Dictionary<(string, string), DdiRule> _rules;
    private readonly Dictionary<string, BeersCriterion[]> _beers;
    private readonly Dictionary<string, int> _drugIndex;

    private PolypharmacyCatalog(IReadOnlyList<Drug> drugs, IReadOnlyList<DdiRule> rules, IReadOnlyList<BeersCriterion> beers)
    {
        Drugs = drugs;
        Rules = rules;
        Beers = beers;
        _drugs = drugs.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _rules = rules.ToDictionary(r => (r.DrugId1, r.DrugId2));
        _beers = beers.GroupBy(b => b.DrugId).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _drugIndex = drugs.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>The catalog of the data files beside the binaries, loaded on first use.</summary>
    public static PolypharmacyCatalog Shared => SharedCatalog.Value;

    /// <summary>Drugs in file order.</summary>
    public IReadOnlyList<Drug> Drugs { get; }

    public IReadOnlyList<DdiRule> Rules { get; }

    public IReadOnlyList<BeersCriterion> Beers { get; }

    public static PolypharmacyCatalog Load(string directory)
    {
        var drugs = LoadDrugs(Path.Combine(directory, DrugFile));
        var ids = drugs.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        return new PolypharmacyCatalog(drugs, LoadRules(Path.Combine(directory, DdiFile), ids), LoadBeers(Path.Combine(directory, BeersFile), ids));
    }

    public Drug? FindDrug(string id) => _drugs.GetValueOrDefault(id);

    /// <summary>Position of a drug in file order (its one-hot index in the observation's features).</summary>
    public int DrugIndex(string id) => _drugIndex.TryGetValue(id, out var index) ? index : throw new KeyNotFoundException($"Unknown drug '{id}'.");

    public Drug Drug(string id) => _drugs.TryGetValue(id, out var drug) ? drug : throw new KeyNotFoundException($"Unknown drug '{id}'.");

    /// <summary>The rule of an unordered pair, or null when the two do not interact.</summary>
    public DdiRule? RuleFor(string drugA, string drugB)
    {
        var key = string.CompareOrdinal(drugA, drugB) < 0 ? (drugA, drugB) : (drugB, drugA);
        return _rules.GetValueOrDefault(key);
    }

    /// <summary>The Beers rows of a drug that apply to a patient with these conditions.</summary>
    public IEnumerable<BeersCriterion> BeersFor(string drugId, IReadOnlyCollection<string> conditions) =>
        _beers.TryGetValue(drugId, out var rows) ? rows.Where(r => r.AppliesTo(conditions)) : [];

    /// <summary>Other drugs of the same ATC class, in file order: the allowed substitutes.</summary>
    public IEnumerable<Drug> SameClass(Drug drug) => Drugs.Where(d => d.AtcClass == drug.AtcClass && d.Id != drug.Id);

    private static List<Drug> LoadDrugs(string path)
    {
        string[] columns = ["drug_id", "generic_name", "atc_class", "atc_class_name", "high_risk_elderly", "critical", "default_dose_mg", "min_dose_mg", "max_dose_mg"];
        var table = CsvTable.Read(path, columns);
        var drugs = new List<Drug>();
        foreach (var row in table.Rows)
        {
            var id = row.Text("drug_id");
            if (drugs.Any(d => d.Id == id)) throw row.Error("drug_id", $"'{id}' is listed twice.");
            var min = row.Number("min_dose_mg", 0);
            var max = row.Number("max_dose_mg", min);
            var drug = new Drug(id, row.Text("generic_name"), row.Text("atc_class"), row.Text("atc_class_name"),
                row.Boolean("high_risk_elderly"), row.Boolean("critical"), row.Number("default_dose_mg", min, max), min, max);
            if (drug.MinDoseMg <= 0) throw row.Error("min_dose_mg", "must be positive.");
            drugs.Add(drug);
        }

        if (drugs.Count == 0) throw new PolypharmacyDataException($"{table.FileName} has no drugs.");
        return drugs;
    }

    private static List<DdiRule> LoadRules(string path, HashSet<string> drugIds)
    {
        var table = CsvTable.Read(path, ["drug_id_1", "drug_id_2", "severity", "base_risk", "recommendation", "mechanism"]);
        var rules = new List<DdiRule>();
        foreach (var row in table.Rows)
        {
            var a = KnownDrug(row, "drug_id_1", drugIds);
            var b = KnownDrug(row, "drug_id_2", drugIds);
            if (a == b) throw row.Error("drug_id_2", "a drug cannot interact with itself.");
            if (string.CompareOrdinal(a, b) > 0) (a, b) = (b, a);
            if (rules.Any(r => r.DrugId1 == a && r.DrugId2 == b)) throw row.Error("drug_id_2", $"the pair {a}+{b} is listed twice.");
            rules.Add(new DdiRule(a, b, row.OneOf("severity", PolypharmacyVocabulary.Severities), row.Number("base_risk", 0, 1),
                row.OneOf("recommendation", PolypharmacyVocabulary.Recommendations), row.Text("mechanism")));
        }

        return rules;
    }

    private static List<BeersCriterion> LoadBeers(string path, HashSet<string> drugIds)
    {
        var table = CsvTable.Read(path, ["drug_id", "criterion", "condition", "rationale"]);
        var rows = new List<BeersCriterion>();
        foreach (var row in table.Rows)
        {
            var condition = row.OptionalText("condition");
            if (condition is not null && !PolypharmacyVocabulary.Conditions.Contains(condition))
            {
                throw row.Error("condition", $"'{condition}' is not one of {string.Join(", ", PolypharmacyVocabulary.Conditions)}.");
            }

            var criterion = row.OneOf("criterion", PolypharmacyVocabulary.BeersCriteria);
            if (criterion == PolypharmacyVocabulary.AvoidInCondition && condition is null) throw row.Error("condition", "avoid_in_condition needs a condition.");
            rows.Add(new BeersCriterion(KnownDrug(row, "drug_id", drugIds), criterion, condition, row.Text("rationale")));
        }

        return rows;
    }

    private static string KnownDrug(CsvRow row, string column, HashSet<string> drugIds)
    {
        var id = row.Text(column);
        return drugIds.Contains(id) ? id : throw row.Error(column, $"'{id}' is not a drug of {DrugFile}.");
    }
}
