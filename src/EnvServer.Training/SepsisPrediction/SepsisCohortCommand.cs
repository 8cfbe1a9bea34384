using System.Globalization;
using EnvServer.Api.Cli;

namespace EnvServer.Training.SepsisPrediction;

/// <summary><c>sepsis-cohort --patients N --out DIR [--seed 1]</c>: writes a synthetic cohort as PhysioNet 2019 .psv files.</summary>
internal static class SepsisCohortCommand
{
    public const string Usage = "sepsis-cohort --patients N --out DIR [--seed 1]";

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var line = CommandLine.Parse(args);
        var patients = line.Int("--patients", 0);
        if (patients < 1) throw new ArgumentException("--patients N is required, at least 1.");
        var directory = line.Require("--out");
        // Writing into a folder of another cohort would mix two cohorts under one name.
        if (Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*" + PsvFormat.Extension).Any())
            throw new ArgumentException($"--out {directory} already holds .psv files; choose an empty folder.");
        var seed = line.Int("--seed", 1);
        var written = SyntheticCohort.Write(directory, patients, seed);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {written} synthetic patients (seed {seed}) to {directory}"));
        return 0;
    }
}
