using EnvServer.Environments.Core;
using EnvServer.Environments.Hiv;
using static EnvServer.Environments.Tests.Hiv.HivRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Hiv;

/// <summary>The fast integrator: cheap, and close to both the reference and the exact solution of the ODE.</summary>
public class HivFastModeTests
{
    private static readonly int[] RandomActions = RandomSequence(seed: 5);

    // Policies of (step, clipped state): constant, switching on a schedule, on the state, and at random.
    private static readonly (string Name, Func<int, HivState, int> Policy)[] Policies =
    [
        ("never", (_, _) => HivAction.None),
        ("both", (_, _) => HivAction.Both),
        ("clinical rule", (_, s) => HivBaselinePolicies.ClinicalRule(s.V)),
        ("ten on, ten off", (t, _) => t / 10 % 2 == 0 ? HivAction.Both : HivAction.None),
        ("cycle", (t, _) => t % 4),
        ("random", (t, _) => RandomActions[t]),
    ];

    [Fact]
    public void NeverTreat_FastMode_WithinHalfPercentOfReferenceAnchor()
    {
        var total = Play(Options(DefaultPatient, 1, ("integrator", "fast")), HivBaselinePolicies.NeverTreat);

        Assert.True(Relative(total, NeverTreatAnchor) < 0.005, $"fast return {total:R}");
    }

    [Fact]
    public void FastMode_ClinicalRuleEpisode_UsesOverTwentyTimesFewerEvaluations()
    {
        using var environment = new HivEnvironment();
        Play(environment, Options(DefaultPatient, 1, ("integrator", "fast")), HivBaselinePolicies.ClinicalRule);

        var evaluations = State(environment).GetProperty("derivative_evaluations").GetInt64();
        Assert.InRange(evaluations, 1, 200L * ReferenceEulerIntegrator.SubSteps / 20);
    }

    [Fact]
    public void FastMode_NeverTreatNearSteadyState_TakesAboutOneStepPerInterval()
    {
        var integrator = new FastIntegrator();
        Return(integrator, (_, _) => HivAction.None);

        // The unhealthy start is the untreated steady state: after the first interval's start-up, one step each.
        Assert.InRange(integrator.Evaluations, 200 * FastIntegrator.EvaluationsPerStep, 2 * 200 * FastIntegrator.EvaluationsPerStep);
    }

    [Fact]
    public void FastMode_ManyPolicies_CloseToExactSolutionAndToReference()
    {
        foreach (var (name, policy) in Policies)
        {
            var exact = Return(new ClassicalRungeKutta(), policy);
            var fast = Return(new FastIntegrator(), policy);
            var reference = Return(new ReferenceEulerIntegrator(), policy);

            Assert.True(Relative(fast, exact) < 1e-4, $"{name}: fast {fast:R} vs exact {exact:R}");
            Assert.True(Relative(fast, reference) < 5e-3, $"{name}: fast {fast:R} vs reference {reference:R}");
            // The reference's own Euler error bounds how closely any accurate integrator can match it.
            Assert.True(Relative(reference, exact) < 5e-3, $"{name}: reference {reference:R} vs exact {exact:R}");
        }
    }

    [Fact]
    public void FastMode_SameSeed_SameTrajectory()
    {
        var first = Play(Options(RandomizedPatient, 11, ("integrator", "fast")), HivBaselinePolicies.ClinicalRule);
        var second = Play(Options(RandomizedPatient, 11, ("integrator", "fast")), HivBaselinePolicies.ClinicalRule);

        Assert.Equal(first, second);
    }

    private static double Return(IHivIntegrator integrator, Func<int, HivState, int> policy)
    {
        var state = HivState.Unhealthy;
        var total = 0.0;
        for (var t = 0; t < 200; t++)
        {
            var treatment = HivTreatment.Of(policy(t, state));
            total += HivReward.Of(state, treatment);
            state = integrator.Advance(state, new HivRates(HivParameters.Default, treatment)).Clipped();
        }

        return total;
    }

    private static int[] RandomSequence(long seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, 200).Select(_ => random.NextInt(HivTreatment.Count)).ToArray();
    }
}

/// <summary>The integrators' inner loops allocate nothing.</summary>
public class HivIntegratorAllocationTests
{
    [Fact]
    public void Advance_BothIntegrators_AllocateNothing()
    {
        var rates = new HivRates(HivParameters.Default, HivTreatment.Of(3));
        IHivIntegrator[] integrators = [new ReferenceEulerIntegrator(), new FastIntegrator()];
        foreach (var integrator in integrators)
        {
            var state = integrator.Advance(HivState.Unhealthy, rates); // JIT and first-call work outside the measurement
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++) state = integrator.Advance(state, rates).Clipped();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated == 0, $"{integrator.Name} allocated {allocated} bytes in 20 steps");
        }
    }
}
