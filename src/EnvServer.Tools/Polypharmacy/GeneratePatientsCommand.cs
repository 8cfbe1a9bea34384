using EnvServer.Environments.Polypharmacy;

namespace EnvServer.Tools.Polypharmacy;

/// <summary>
/// <c>polypharmacy-generate-patients [path]</c>: writes the 120 synthetic patients of <see cref="PatientGenerator"/>
/// (default path <c>data/polypharmacy/patients.csv</c>, relative to the working directory). Deterministic: the
/// same drug data gives the same bytes, which a test checks against the committed file.
/// </summary>
internal sealed class GeneratePatientsCommand : IToolCommand
{
    public const string DefaultPath = "data/polypharmacy/patients.csv";

    public string Name => "polypharmacy-generate-patients";

    public string Summary => $"write the polypharmacy patients (default {DefaultPath})";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count > 1)
        {
            Console.Error.WriteLine($"usage: {Name} [path]");
            return 2;
        }

        var path = args.Count == 1 ? args[0] : DefaultPath;
        var patients = PatientGenerator.Generate(PolypharmacyCatalog.Shared);
        using (var file = File.Create(path)) PatientTable.Write(patients, file);
        output.WriteLine($"wrote {patients.Count} patients to {Path.GetFullPath(path)}");
        return 0;
    }
}
