using System.Diagnostics;
using System.Globalization;
using EnvServer.Environments.Sepsis;

namespace EnvServer.Tools.Sepsis;

/// <summary>
/// Prints the sepsis README's exact-values table — the DP optimum, never treat, uniform random and the best constant
/// action per task and dynamics variant, from the project's own kernel and DP — and the time of a full DP solve.
/// </summary>
internal sealed class SepsisValuesCommand : IToolCommand
{
    private const int TimingRuns = 5;

    /// <summary>Discount of the stationary optimum reported beside the finite-horizon one.</summary>
    private const double Gamma = 0.99;

    private static readonly string[] Tasks = ["full_state", "observed_state", "noisy_monitoring"];

    public string Name => "sepsis-values";

    public string Summary => "exact values of the sepsis tasks (optimal, never treat, random, best constant) and DP solve time";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"Exact expected outcome E[+1 discharge, -1 death, 0 timeout] from admission, horizon {SepsisReference.Horizon}, unshaped.");
        output.WriteLine("The optimum is the full-state DP policy: optimal in full_state, an upper bound in the other tasks;");
        output.WriteLine("the other policies ignore the observation, so their values are the same in every task.");
        output.WriteLine();
        output.WriteLine("| task | dynamics | age group | optimal (DP) | never treat | uniform random | best constant action | discounted optimum γ=0.99 |");
        output.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var model in SepsisModel.All)
        {
            var reference = SepsisReference.For(model);
            var kernel = reference.Kernel;
            var never = SepsisSolver.EvaluateStart(kernel, SepsisReference.Horizon, new SepsisConstantPolicy(SepsisAction.None));
            var random = SepsisSolver.EvaluateStart(kernel, SepsisReference.Horizon, SepsisUniformPolicy.Instance);
            var (bestAction, bestValue) = Enumerable.Range(0, SepsisAction.Count)
                .Select(a => (Action: a, Value: SepsisSolver.EvaluateStart(kernel, SepsisReference.Horizon, new SepsisConstantPolicy(new SepsisAction(a)))))
                .MaxBy(x => x.Value);
            var discounted = SepsisSolver.StartValue(kernel, SepsisSolver.SolveDiscounted(kernel, Gamma).Values);
            foreach (var task in Tasks)
            {
                output.WriteLine(string.Create(c,
                    $"| `{task}` | {SepsisNames.Of(model.Dynamics)} | {SepsisNames.Of(model.AgeGroup)} | {reference.OptimalValue:F4} | {never:F4} | {random:F4} | " +
                    $"{bestValue:F4} (action {bestAction}) | {discounted:F4} |"));
            }
        }

        output.WriteLine();
        output.WriteLine($"DP solve time (median of {TimingRuns} after a warm-up, per model):");
        foreach (var model in SepsisModel.All)
        {
            var build = new List<double>();
            var solve = new List<double>();
            var stationary = new List<double>();
            SepsisKernel? kernel = null;
            for (var run = 0; run <= TimingRuns; run++)
            {
                var clock = Stopwatch.StartNew();
                kernel = SepsisKernel.Build(model);
                var built = clock.Elapsed.TotalMilliseconds;
                SepsisSolver.SolveFiniteHorizon(kernel, SepsisReference.Horizon);
                var solved = clock.Elapsed.TotalMilliseconds;
                var (_, _, iterations) = SepsisSolver.SolveDiscounted(kernel, Gamma);
                var total = clock.Elapsed.TotalMilliseconds;
                if (run == 0) continue;
                build.Add(built);
                solve.Add(solved - built);
                stationary.Add(total - solved);
                if (run == TimingRuns) output.WriteLine(string.Create(c, $"  {model}: value iteration γ={Gamma} converged in {iterations} sweeps"));
            }

            output.WriteLine(string.Create(c,
                $"  {model}: kernel enumeration {Median(build):F1} ms ({kernel!.EntryCount} entries), finite-horizon DP (20 steps) {Median(solve):F1} ms, " +
                $"discounted value iteration {Median(stationary):F1} ms"));
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
