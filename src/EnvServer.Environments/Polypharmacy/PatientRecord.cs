namespace EnvServer.Environments.Polypharmacy;

/// <summary>One row of <c>data/polypharmacy/patients.csv</c>: a patient and the regimen under review.</summary>
/// <param name="PatientId">E001–E040, M001–M040 or H001–H040.</param>
/// <param name="TaskId">The task the patient belongs to.</param>
/// <param name="Age">Years.</param>
/// <param name="Sex">F or M.</param>
/// <param name="Conditions">Condition codes from <see cref="PolypharmacyVocabulary.Conditions"/>.</param>
/// <param name="EgfrCategory">Kidney function category.</param>
/// <param name="LiverFunctionCategory">Liver function category.</param>
/// <param name="Medications">The regimen in prescription order; a medication's index is its action-mask slot.</param>
public sealed record PatientRecord(
    string PatientId, string TaskId, int Age, string Sex, IReadOnlyList<string> Conditions, string EgfrCategory,
    string LiverFunctionCategory, IReadOnlyList<Prescription> Medications);

/// <summary>A drug the patient takes, at a dose in mg (insulin glargine: units).</summary>
public sealed record Prescription(string DrugId, double DoseMg);
