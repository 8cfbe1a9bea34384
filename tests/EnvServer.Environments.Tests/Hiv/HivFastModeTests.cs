using EnvServer.Environments.Hiv;
using static EnvServer.Environments.Tests.Hiv.HivRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Hiv;

/// <summary>The fast integrator: cheap, and close to both the reference and the exact solution of the ODE.</summary>
public class HivFastModeTests
{
    private static readonly (string Name, Func<int, int> Policy)[] Policies =
    [
        ("never", _ => 0),
        ("both", _ => 3),
        ("ten on, ten off", t => t / 10 % 2 == 0 ? 3 : 0),
        ("cycle", t => t % 4),
    ];

    [Fact]
    public void NeverTreat_FastMode_WithinHalfPercentOfReferenceAnchor()
    {
        var total = Play(Options(DefaultPatient, 1, ("integrator", "fast")), HivBaselinePolicies.NeverTreat);

        Assert.True(Relative(total, NeverTreatAnchor) < 0.005, $"fast return {total:R}");
    }

    [Fact]
    public void FastMode_Episode_UsesOverTwentyTimesFewerEvaluations()
    {
        using var environment = new HivEnvironment();
        Play(environment, Options(DefaultPatient, 1, ("integrator", "fast")), HivBaselinePolicies.ClinicalRule);

        var evaluations = State(environment).GetProperty("derivative_evaluations").GetInt64();
        Assert.InRange(evaluations, 1, 200L * ReferenceEulerIntegrator.SubSteps / 20);
    }

    [Fact]
    public void FastMode_ManyPolicies_CloseToTightToleranceSolutionAndToReference()
    {
        foreach (var (name, policy) in Policies)
        {
            var exact = Return(new FastIntegrator(1e-12, 1e-14), policy);
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

    private static double Return(IHivIntegrator integrator, Func<int, int> policy)
    {
        var state = HivState.Unhealthy;
        var total = 0.0;
        for (var t = 0; t < 200; t++)
        {
            var treatment = HivTreatment.Of(policy(t));
            total += HivReward.Of(state, treatment);
            state = integrator.Advance(state, new HivRates(HivParameters.Default, treatment)).Clipped();
        }

        return total;
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
