using System.Globalization;
using EnvServer.Environments.Core;
using EnvServer.Environments.Hiv;

namespace EnvServer.Tools.Hiv;

/// <summary>
/// Prints the hiv README's fast-mode accuracy tables: 200-step returns of the reference (Euler) and fast (RODAS4)
/// integrators against the exact solution of the ODE (<see cref="ClassicalRungeKutta"/>), first for the default
/// patient under six policies, then summarised over randomised and cohort patients.
/// </summary>
internal sealed class HivAccuracyCommand : IToolCommand
{
    private const int Steps = HivOptions.DefaultMaxSteps;
    private const int RandomizedPatients = 20;
    private const int PatientsPerCohort = 3;

    public string Name => "hiv-accuracy";

    public string Summary => "returns of the hiv reference and fast integrators against the exact ODE solution (takes a few minutes)";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine("Default patient, 200 steps; differences relative to the second value named; exact = classical RK4, h = 1e-4 day.");
        output.WriteLine();
        output.WriteLine("| policy | reference return (grade) | exact return | reference − exact | fast return | fast − exact | fast − reference | fast evaluations/step |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var policy in Policy.All)
        {
            var (reference, exact, fast, evaluations) = Compare(HivParameters.Default, policy);
            output.WriteLine(string.Create(c,
                $"| {policy.Name} | {reference:N2} ({Grader.Clip(HivGrader.Score(reference)):0.0000}) | {exact:N2} | {Relative(reference, exact):+0.0e+0;-0.0e+0} | " +
                $"{fast:N2} | {Relative(fast, exact):+0.0e+0;-0.0e+0} | {Relative(fast, reference):+0.0e+0;-0.0e+0} | {evaluations / Steps:0} |"));
        }

        var patients = Enumerable.Range(1, RandomizedPatients)
            .Select(seed => HivPatientFactory.Create(HivTasks.RandomizedPatient, null, new SeededRandom(seed)))
            .Concat(HivCohortCatalog.All.SelectMany(cohort => Enumerable.Range(1, PatientsPerCohort).Select(seed => cohort.Draw(new SeededRandom(seed)))))
            .ToArray();
        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"{patients.Length} patients: randomized_patient seeds 1–{RandomizedPatients} and seeds 1–{PatientsPerCohort} of each cohort; |relative difference| to the exact return."));
        output.WriteLine();
        output.WriteLine("| policy | reference: median | reference: 90th pct | reference: max | fast: median | fast: 90th pct | fast: max | fast evaluations/step |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var policy in Policy.All.Where(p => p.AcrossPatients))
        {
            var runs = patients.Select(p => Compare(p, policy)).ToArray();
            var referenceErrors = runs.Select(r => Math.Abs(Relative(r.Reference, r.Exact))).Order().ToArray();
            var fastErrors = runs.Select(r => Math.Abs(Relative(r.Fast, r.Exact))).Order().ToArray();
            output.WriteLine(string.Create(c,
                $"| {policy.Name} | {Quantile(referenceErrors, 0.5):0.0e+0} | {Quantile(referenceErrors, 0.9):0.0e+0} | {referenceErrors[^1]:0.0e+0} | " +
                $"{Quantile(fastErrors, 0.5):0.0e+0} | {Quantile(fastErrors, 0.9):0.0e+0} | {fastErrors[^1]:0.0e+0} | {runs.Average(r => r.FastEvaluations) / Steps:0} |"));
        }

        return 0;
    }

    private static (double Reference, double Exact, double Fast, double FastEvaluations) Compare(HivParameters patient, Policy policy)
    {
        var fast = new FastIntegrator();
        return (Return(new ReferenceEulerIntegrator(), patient, policy), Return(new ClassicalRungeKutta(), patient, policy), Return(fast, patient, policy), fast.Evaluations);
    }

    private static double Return(IHivIntegrator integrator, HivParameters patient, Policy policy)
    {
        var rates = Enumerable.Range(0, HivTreatment.Count).Select(a => new HivRates(patient, HivTreatment.Of(a))).ToArray();
        var choose = policy.Start();
        var state = HivState.Unhealthy;
        var total = 0.0;
        for (var t = 0; t < Steps; t++)
        {
            var action = choose(t, state);
            total += HivReward.Of(state, HivTreatment.Of(action));
            state = integrator.Advance(state, rates[action]).Clipped();
        }

        return total;
    }

    private static double Relative(double value, double to) => (value - to) / Math.Abs(to);

    private static double Quantile(double[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];

    /// <summary>A policy of (step, clipped state); <see cref="Start"/> gives a fresh one, so the random policy replays its draws.</summary>
    private sealed record Policy(string Name, Func<Func<int, HivState, int>> Start, bool AcrossPatients)
    {
        public static readonly Policy[] All =
        [
            new("never treat", () => (_, _) => HivAction.None, true),
            new("always both", () => (_, _) => HivAction.Both, true),
            new("clinical rule (both while V > 1000)", () => (_, s) => HivBaselinePolicies.ClinicalRule(s.V), true),
            new("10 steps both / 10 none", () => (t, _) => t / 10 % 2 == 0 ? HivAction.Both : HivAction.None, false),
            new("actions 0, 1, 2, 3 in turn", () => (t, _) => t % HivTreatment.Count, false),
            new("uniform random actions (seed 5)", () => UniformRandom(5), true),
        ];

        private static Func<int, HivState, int> UniformRandom(long seed)
        {
            var random = new SeededRandom(seed);
            return (_, _) => random.NextInt(HivTreatment.Count);
        }
    }
}
