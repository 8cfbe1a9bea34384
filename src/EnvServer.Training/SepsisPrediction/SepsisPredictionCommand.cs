using System.Diagnostics;
using System.Globalization;
using EnvServer.Api.Cli;

namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// <c>sepsis-prediction --data DIR [--data DIR2 ...] | --synthetic N</c>: the sepsis seed's supervised pipeline on
/// PhysioNet 2019 .psv folders or on a synthetic cohort, writing its report to --out.
/// </summary>
internal static class SepsisPredictionCommand
{
    public const string Usage =
        "sepsis-prediction --data DIR [--data DIR2 ...] | --synthetic N [--seed 1] [--out runs/sepsis-prediction__SOURCE__SEED__TIME] " +
        "[--balance none,oversample,gan] [--models logistic,forest,boosting,svm] [--max-missing 0.97] [--iqr-factor 3] [--window 6] " +
        "[--validation-share 0.2] [--test-share 0.2] [--target-ratio 0.5] [--gan-steps 1000] [--gan-batch 64]";

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var line = CommandLine.Parse(args);
        var options = Options(line);
        var directories = line.All("--data");
        var synthetic = line.Get("--synthetic") is null ? (int?)null : line.Int("--synthetic", 0);
        if ((directories.Count == 0) == (synthetic is null)) throw new ArgumentException("give either --data DIR (PhysioNet 2019 .psv folders) or --synthetic N, not both.");

        var source = synthetic is { } patients
            ? string.Create(CultureInfo.InvariantCulture, $"synthetic cohort of {patients} patients, seed {options.Seed} (not real patient data)")
            : $"PhysioNet 2019 .psv files in {string.Join(", ", directories)}";
        var cohort = synthetic is { } count ? ReadSynthetic(count, options.Seed) : PsvCohortReader.Read(directories);
        output.WriteLine($"read {cohort.Stays.Count} patients from the {source}; {cohort.Skipped.Count} files skipped");
        foreach (var skipped in cohort.Skipped) output.WriteLine($"  skipped {skipped}");

        var name = synthetic is null ? "data" : string.Create(CultureInfo.InvariantCulture, $"synthetic{synthetic}");
        var directory = line.Get("--out")
            ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"sepsis-prediction__{name}__{options.Seed}__{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}"));
        var result = SepsisPredictionPipeline.Run(cohort.Stays, options, output);
        var command = string.Join(' ', ["sepsis-prediction", .. args]);
        var files = SepsisReport.Write(directory, source, cohort, result, command, clock.Elapsed);
        output.WriteLine();
        output.Write(SepsisReport.Table(result));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {files.Count} files to {directory} in {clock.Elapsed.TotalSeconds:0} s"));
        return 0;
    }

    private static SepsisPredictionOptions Options(CommandLine line)
    {
        var defaults = new SepsisPredictionOptions(SepsisPredictionOptions.AllModels, SepsisPredictionOptions.AllBalancings, new GanOptions());
        var options = defaults with
        {
            Models = Choices<ClassifierKind>(line, "--models", defaults.Models),
            Balancings = Choices<BalancingKind>(line, "--balance", defaults.Balancings),
            Gan = defaults.Gan with { Steps = line.Int("--gan-steps", defaults.Gan.Steps), BatchSize = line.Int("--gan-batch", defaults.Gan.BatchSize) },
            MaxMissing = line.Float("--max-missing", (float)defaults.MaxMissing),
            IqrFactor = line.Float("--iqr-factor", (float)defaults.IqrFactor),
            Window = line.Int("--window", defaults.Window),
            ValidationShare = line.Float("--validation-share", (float)defaults.ValidationShare),
            TestShare = line.Float("--test-share", (float)defaults.TestShare),
            TargetRatio = line.Float("--target-ratio", (float)defaults.TargetRatio),
            Seed = line.Int("--seed", defaults.Seed),
        };
        if (options.MaxMissing is < 0 or > 1) throw new ArgumentException($"--max-missing {options.MaxMissing}: a share between 0 and 1.");
        if (options.IqrFactor <= 0) throw new ArgumentException($"--iqr-factor {options.IqrFactor}: above 0.");
        if (options.TargetRatio <= 0) throw new ArgumentException($"--target-ratio {options.TargetRatio}: above 0 (minority rows per majority row).");
        if (options.Gan.Steps < 1) throw new ArgumentException($"--gan-steps {options.Gan.Steps}: at least 1.");
        if (options.Gan.BatchSize < 2) throw new ArgumentException($"--gan-batch {options.Gan.BatchSize}: at least 2.");
        return options;
    }

    private static IReadOnlyList<T> Choices<T>(CommandLine line, string option, IReadOnlyList<T> fallback)
        where T : struct, Enum
    {
        var names = line.All(option);
        if (names.Count == 0) return fallback;
        return names.Select(name => Enum.TryParse<T>(name, ignoreCase: true, out var value) && !int.TryParse(name, out _)
            ? value
            : throw new ArgumentException($"{option} {name}: expected one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.")).Distinct().ToList();
    }

    /// <summary>The synthetic cohort goes through the same .psv files and reader as real data.</summary>
    private static PsvCohort ReadSynthetic(int patients, int seed)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sepsis-cohort-{Guid.NewGuid():N}");
        try
        {
            SyntheticCohort.Write(directory, patients, seed);
            return PsvCohortReader.Read([directory]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
