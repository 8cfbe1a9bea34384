using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy;

namespace EnvServer.Environments.Tests.Polypharmacy;

/// <summary>The data files hold the facts of §4, patients.csv is what the generator writes, and bad files fail clearly.</summary>
public class PolypharmacyDataTests
{
    private static readonly PolypharmacyCatalog Catalog = PolypharmacyCatalog.Shared;

    [Fact]
    public void Drugs_Catalog_Has33SeedDrugsPlusAmiodarone()
    {
        string[] highRisk = ["warfarin", "apixaban", "glipizide", "digoxin", "diazepam", "alprazolam", "amitriptyline", "insulin_glargine", "naproxen", "ibuprofen", "tramadol", "amiodarone"];
        string[] others =
        [
            "metformin", "lisinopril", "amlodipine", "metoprolol", "furosemide", "spironolactone", "atorvastatin", "simvastatin", "omeprazole",
            "prednisone", "clopidogrel", "aspirin", "hydrochlorothiazide", "donepezil", "gabapentin", "fluoxetine", "sertraline", "ciprofloxacin",
            "tamsulosin", "celecoxib", "nortriptyline", "losartan",
        ];

        Assert.Equal(highRisk.Concat(others).Order(), Catalog.Drugs.Select(d => d.Id).Order());
        Assert.Equal(highRisk.Order(), Catalog.Drugs.Where(d => d.HighRiskElderly).Select(d => d.Id).Order());
        Assert.Equal(new[] { "apixaban", "digoxin", "insulin_glargine", "metoprolol", "warfarin" }, Catalog.Drugs.Where(d => d.Critical).Select(d => d.Id).Order());
        Assert.Equal("Cardiac therapy", Catalog.Drug("amiodarone").AtcClassName);
        Assert.All(Catalog.Drugs, d => Assert.InRange(d.DefaultDoseMg, d.MinDoseMg, d.MaxDoseMg));
    }

    [Theory]
    [InlineData("naproxen", "warfarin", "severe", 0.90)]
    [InlineData("ibuprofen", "warfarin", "severe", 0.88)]
    [InlineData("apixaban", "naproxen", "severe", 0.85)]
    [InlineData("amiodarone", "digoxin", "severe", 0.80)]
    [InlineData("diazepam", "tramadol", "severe", 0.92)]
    [InlineData("alprazolam", "tramadol", "severe", 0.91)]
    [InlineData("fluoxetine", "tramadol", "severe", 0.82)]
    [InlineData("amitriptyline", "tramadol", "severe", 0.85)]
    [InlineData("aspirin", "warfarin", "moderate", 0.55)]
    [InlineData("fluoxetine", "warfarin", "moderate", 0.45)]
    [InlineData("ciprofloxacin", "warfarin", "moderate", 0.50)]
    [InlineData("apixaban", "aspirin", "moderate", 0.50)]
    [InlineData("digoxin", "spironolactone", "moderate", 0.40)]
    [InlineData("ciprofloxacin", "metformin", "moderate", 0.35)]
    [InlineData("lisinopril", "spironolactone", "moderate", 0.48)]
    [InlineData("lisinopril", "naproxen", "moderate", 0.42)]
    [InlineData("amlodipine", "simvastatin", "moderate", 0.38)]
    [InlineData("clopidogrel", "omeprazole", "moderate", 0.45)]
    [InlineData("glipizide", "insulin_glargine", "moderate", 0.50)]
    [InlineData("digoxin", "metoprolol", "moderate", 0.40)]
    [InlineData("digoxin", "furosemide", "moderate", 0.45)]
    [InlineData("naproxen", "prednisone", "moderate", 0.50)]
    [InlineData("atorvastatin", "ciprofloxacin", "mild", 0.15)]
    [InlineData("prednisone", "warfarin", "mild", 0.25)]
    public void DdiRules_Pair_HasSpecSeverityAndRiskEitherWayRound(string a, string b, string severity, double risk)
    {
        var rule = Catalog.RuleFor(b, a);

        Assert.NotNull(rule);
        Assert.Equal((severity, risk), (rule.Severity, rule.BaseRisk));
        Assert.Same(rule, Catalog.RuleFor(a, b));
        Assert.False(string.IsNullOrWhiteSpace(rule.Mechanism));
        Assert.Equal(24, Catalog.Rules.Count);
    }

    [Fact]
    public void Beers_Rows_AreTheFifteenOfTheSpec()
    {
        var rows = Catalog.Beers.Select(b => $"{b.DrugId}:{b.Criterion}:{b.Condition}").Order();

        Assert.Equal(new[]
        {
            "alprazolam:avoid:", "amitriptyline:avoid:", "ciprofloxacin:caution:", "diazepam:avoid:", "digoxin:dose_adjust:", "donepezil:avoid_in_condition:dementia",
            "glipizide:caution:", "ibuprofen:avoid:CKD", "ibuprofen:caution:", "insulin_glargine:caution:", "metformin:dose_adjust:CKD", "naproxen:avoid:CKD",
            "naproxen:caution:", "prednisone:avoid_in_condition:DM", "tramadol:avoid:",
        }.Order(), rows);
        Assert.Empty(Catalog.BeersFor("metformin", ["DM"]));
        Assert.Single(Catalog.BeersFor("metformin", ["DM", "CKD"]));
    }

    [Theory]
    [InlineData("easy_screening", 3, 5, 65, 90)]
    [InlineData("budgeted_screening", 6, 10, 65, 92)]
    [InlineData("complex_tradeoff", 10, 15, 70, 95)]
    public void Patients_Task_Has40WithinItsRangesAndProfile(string taskId, int minDrugs, int maxDrugs, int minAge, int maxAge)
    {
        var patients = PatientTable.Shared[taskId];

        Assert.Equal(40, patients.Count);
        Assert.Equal(40, patients.Select(p => p.PatientId).Distinct().Count());
        Assert.All(patients, p =>
        {
            Assert.InRange(p.Medications.Count, minDrugs, maxDrugs);
            Assert.InRange(p.Age, minAge, maxAge);
            Assert.True(PatientGenerator.Meets(p, Catalog), p.PatientId);
        });
    }

    [Fact]
    public void Generator_Regenerated_IsByteIdenticalToCommittedFile()
    {
        using var generated = new MemoryStream();
        PatientTable.Write(PatientGenerator.Generate(Catalog), generated);

        var committed = File.ReadAllBytes(DataFiles.PathOf("polypharmacy", "patients.csv"));
        Assert.Equal(committed, generated.ToArray());
    }

    [Fact]
    public void Load_MissingFile_NamesTheFile()
    {
        using var directory = new TempData();
        directory.CopyAllBut(PolypharmacyCatalog.DdiFile);

        var error = Assert.Throws<PolypharmacyDataException>(() => PolypharmacyCatalog.Load(directory.Path));
        Assert.Contains("ddi_rules.csv", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Theory]
    [InlineData("drug_metadata.csv", "warfarin,Warfarin,B01A,Antithrombotic agents,true,true,5,1,10", "warfarin,Warfarin,B01A,Antithrombotic agents,true,true,5,1,lots", "row 2, column 'max_dose_mg'")]
    [InlineData("ddi_rules.csv", "ibuprofen,warfarin,severe,0.88", "ibuprofen,warfarni,severe,0.88", "row 3, column 'drug_id_2'")]
    [InlineData("beers_criteria.csv", "glipizide,caution,,", "glipizide,sometimes,,", "row 8, column 'criterion'")]
    [InlineData("ddi_rules.csv", "ibuprofen,warfarin,severe,0.88", "ibuprofen,warfarin,severe,1.88", "row 3, column 'base_risk'")]
    public void Load_BadValue_NamesFileRowAndColumn(string file, string good, string bad, string where)
    {
        using var directory = new TempData();
        directory.CopyAllBut();
        directory.Replace(file, good, bad);

        var error = Assert.Throws<PolypharmacyDataException>(() => PolypharmacyCatalog.Load(directory.Path));
        Assert.Contains($"{file}, {where}", error.Message);
    }

    [Fact]
    public void LoadPatients_BadDrug_NamesFileRowAndColumn()
    {
        using var directory = new TempData();
        directory.CopyAllBut();
        var lines = File.ReadAllLines(System.IO.Path.Combine(directory.Path, "patients.csv"));
        var firstDrug = lines[5].Split(',')[7].Split(';')[0];
        lines[5] = lines[5].Replace(firstDrug + ";", "unobtainium;");
        File.WriteAllLines(System.IO.Path.Combine(directory.Path, "patients.csv"), lines);

        var error = Assert.Throws<PolypharmacyDataException>(() => PatientTable.Load(System.IO.Path.Combine(directory.Path, "patients.csv"), Catalog));
        Assert.Contains("patients.csv, row 6, column 'drug_ids'", error.Message);
        Assert.Contains("unobtainium", error.Message);
    }

    /// <summary>A temporary copy of data/polypharmacy to break.</summary>
    private sealed class TempData : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("polypharmacy-").FullName;

        public void CopyAllBut(params string[] skip)
        {
            foreach (var file in Directory.GetFiles(DataFiles.PathOf("polypharmacy"), "*.csv"))
            {
                if (!skip.Contains(System.IO.Path.GetFileName(file))) File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
            }
        }

        public void Replace(string file, string good, string bad)
        {
            var path = System.IO.Path.Combine(Path, file);
            var text = File.ReadAllText(path);
            Assert.Contains(good, text);
            File.WriteAllText(path, text.Replace(good, bad));
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
