using System.Globalization;
using CsvHelper;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// <c>data/polypharmacy/patients.csv</c>: 40 patients per task, written by <see cref="PatientGenerator"/>
/// and read back here. Lists inside a cell (conditions, drug ids, doses) are separated by ';'.
/// </summary>
public static class PatientTable
{
    public const string FileName = "patients.csv";

    public static readonly IReadOnlyList<string> Columns =
        ["patient_id", "task_id", "age", "sex", "conditions", "egfr_category", "liver_function_category", "drug_ids", "doses_mg"];

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<PatientRecord>>> SharedPatients =
        new(() => Load(DataFiles.PathOf("polypharmacy", FileName), PolypharmacyCatalog.Shared));

    /// <summary>The committed patients by task id, loaded once.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<PatientRecord>> Shared => SharedPatients.Value;

    public static IReadOnlyDictionary<string, IReadOnlyList<PatientRecord>> Load(string path, PolypharmacyCatalog catalog)
    {
        var table = CsvTable.Read(path, Columns);
        var patients = new List<PatientRecord>();
        foreach (var row in table.Rows)
        {
            var taskId = row.OneOf("task_id", PolypharmacyTasks.All.Select(t => t.Id).ToArray());
            var rules = PolypharmacyTasks.RulesFor(taskId);
            var conditions = row.List("conditions");
            foreach (var condition in conditions)
            {
                if (!PolypharmacyVocabulary.Conditions.Contains(condition)) throw row.Error("conditions", $"'{condition}' is not a known condition.");
            }

            var drugIds = row.List("drug_ids");
            var doses = row.List("doses_mg");
            if (drugIds.Count < rules.MinDrugs || drugIds.Count > rules.MaxDrugs)
            {
                throw row.Error("drug_ids", $"{drugIds.Count} drugs; {taskId} needs {rules.MinDrugs}–{rules.MaxDrugs}.");
            }

            if (doses.Count != drugIds.Count) throw row.Error("doses_mg", $"{doses.Count} doses for {drugIds.Count} drugs.");
            if (drugIds.Distinct().Count() != drugIds.Count) throw row.Error("drug_ids", "a drug is listed twice.");
            var medications = new List<Prescription>();
            for (var i = 0; i < drugIds.Count; i++)
            {
                var drug = catalog.FindDrug(drugIds[i]) ?? throw row.Error("drug_ids", $"'{drugIds[i]}' is not a drug of {PolypharmacyCatalog.DrugFile}.");
                if (!double.TryParse(doses[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var dose) || dose < drug.MinDoseMg || dose > drug.MaxDoseMg)
                {
                    throw row.Error("doses_mg", $"'{doses[i]}' is not a dose of {drug.Id} in [{drug.MinDoseMg}, {drug.MaxDoseMg}].");
                }

                medications.Add(new Prescription(drug.Id, dose));
            }

            patients.Add(new PatientRecord(row.Text("patient_id"), taskId, row.Integer("age", rules.MinAge, rules.MaxAge),
                row.OneOf("sex", PolypharmacyVocabulary.Sexes), conditions,
                row.OneOf("egfr_category", PolypharmacyVocabulary.EgfrCategories),
                row.OneOf("liver_function_category", PolypharmacyVocabulary.LiverCategories), medications));
        }

        var byTask = new Dictionary<string, IReadOnlyList<PatientRecord>>(StringComparer.Ordinal);
        foreach (var task in PolypharmacyTasks.All)
        {
            var ofTask = patients.Where(p => p.TaskId == task.Id).ToArray();
            if (ofTask.Length != PolypharmacyTasks.PatientsPerTask)
            {
                throw new PolypharmacyDataException($"{table.FileName}: {ofTask.Length} patients for {task.Id}; expected {PolypharmacyTasks.PatientsPerTask}.");
            }

            byTask[task.Id] = ofTask;
        }

        return byTask;
    }

    /// <summary>Writes patients as patients.csv: UTF-8 without BOM, '\n' line ends, invariant numbers, so output is byte-stable.</summary>
    public static void Write(IEnumerable<PatientRecord> patients, Stream output)
    {
        var options = new CsvWriterOptions { NewLine = "\n", Separator = ',', FormatProvider = CultureInfo.InvariantCulture };
        using var csv = CsvWriter.Create(output, options, true);
        foreach (var column in Columns) csv.WriteField(column);
        csv.EndRecord();
        foreach (var p in patients)
        {
            csv.WriteField(p.PatientId);
            csv.WriteField(p.TaskId);
            csv.WriteField(p.Age.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(p.Sex);
            csv.WriteField(string.Join(';', p.Conditions));
            csv.WriteField(p.EgfrCategory);
            csv.WriteField(p.LiverFunctionCategory);
            csv.WriteField(string.Join(';', p.Medications.Select(m => m.DrugId)));
            csv.WriteField(string.Join(';', p.Medications.Select(m => m.DoseMg.ToString("R", CultureInfo.InvariantCulture))));
            csv.EndRecord();
        }

        csv.Flush();
    }
}
