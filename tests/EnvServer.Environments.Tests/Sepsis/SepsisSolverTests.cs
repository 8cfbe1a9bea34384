using EnvServer.Environments.Sepsis;

namespace EnvServer.Environments.Tests.Sepsis;

/// <summary>Exact DP on the kernel: optimality, consistency of evaluation, shaping invariance and the discounted optimum.</summary>
public class SepsisSolverTests
{
    private const int Horizon = SepsisReference.Horizon;

    public static TheoryData<SepsisDynamics> Dynamics => new() { SepsisDynamics.Fixed, SepsisDynamics.Original };

    [Theory]
    [MemberData(nameof(Dynamics))]
    public void Optimum_IsAtLeastEveryConstantPolicyAndRandom_InEveryState(SepsisDynamics dynamics)
    {
        var reference = SepsisReference.For(new SepsisModel(dynamics, SepsisAgeGroup.Adult));
        var kernel = reference.Kernel;

        var others = Enumerable.Range(0, SepsisAction.Count).Select(a => (ISepsisPolicy)new SepsisConstantPolicy(new SepsisAction(a)))
            .Append(SepsisUniformPolicy.Instance);
        foreach (var policy in others)
        {
            var values = SepsisSolver.Evaluate(kernel, Horizon, policy);
            for (var s = 0; s < SepsisState.Count; s++) Assert.True(reference.Policy.Value(0, s) >= values[s] - 1e-12);
        }

        Assert.InRange(reference.OptimalValue, -1.0, 1.0);
        Assert.True(reference.OptimalValue > SepsisSolver.EvaluateStart(kernel, Horizon, SepsisUniformPolicy.Instance) + 0.5);
    }

    [Theory]
    [MemberData(nameof(Dynamics))]
    public void EvaluatingTheOptimalPolicy_GivesItsOwnValue(SepsisDynamics dynamics)
    {
        var reference = SepsisReference.For(new SepsisModel(dynamics, SepsisAgeGroup.Adult));

        var values = SepsisSolver.Evaluate(reference.Kernel, Horizon, reference.Policy);

        for (var s = 0; s < SepsisState.Count; s++) Assert.Equal(reference.Policy.Value(0, s), values[s], 1e-12);
        Assert.Equal(reference.OptimalValue, SepsisSolver.StartValue(reference.Kernel, values), 1e-12);
    }

    [Fact]
    public void OneStepHorizon_ValueIsTheBestImmediateOutcome()
    {
        var kernel = SepsisKernel.Build(SepsisModel.Default);

        var solution = SepsisSolver.SolveFiniteHorizon(kernel, 1);

        for (var s = 0; s < SepsisState.Count; s++)
        {
            var best = double.NegativeInfinity;
            for (var a = 0; a < SepsisAction.Count; a++)
            {
                var (next, probability) = kernel.Row(s, a);
                var expected = 0.0;
                for (var k = 0; k < next.Length; k++) expected += probability.Span[k] * SepsisKernel.Reward(next.Span[k]);
                best = Math.Max(best, expected);
                Assert.Equal(expected, solution.Q(0, s, a), 1e-12);
            }

            Assert.Equal(best, solution.Value(0, s), 1e-12);
        }
    }

    [Fact]
    public void LongerHorizon_IsNeverWorse()
    {
        var kernel = SepsisKernel.Build(SepsisModel.Default);

        var values = Enumerable.Range(1, 5).Select(h => SepsisSolver.SolveFiniteHorizon(kernel, h * 5).StartValue).ToArray();

        for (var i = 1; i < values.Length; i++) Assert.True(values[i] >= values[i - 1] - 1e-12);
    }

    [Theory]
    [MemberData(nameof(Dynamics))]
    public void Shaping_LeavesTheOptimalPolicyUnchanged_AndShiftsValuesByMinusPhi(SepsisDynamics dynamics)
    {
        var kernel = SepsisKernel.Build(new SepsisModel(dynamics, SepsisAgeGroup.Adult));

        var plain = SepsisSolver.SolveFiniteHorizon(kernel, Horizon);
        var shaped = SepsisSolver.SolveFiniteHorizon(kernel, Horizon, shaped: true);

        var differences = 0;
        for (var t = 0; t < Horizon; t++)
        {
            for (var s = 0; s < SepsisState.Count; s++)
            {
                var state = SepsisState.FromIndex(s);
                var phi = SepsisShaping.Potential(state);
                Assert.Equal(plain.Action(t, state), shaped.Action(t, state));
                Assert.Equal(plain.Value(t, s) - phi, shaped.Value(t, s), 1e-12);
                for (var a = 0; a < SepsisAction.Count; a++)
                {
                    Assert.Equal(plain.Q(t, s, a) - phi, shaped.Q(t, s, a), 1e-12);
                    if (Math.Abs(shaped.Q(t, s, a) - plain.Q(t, s, a)) > 1e-9) differences++;
                }
            }
        }

        Assert.True(differences > 0, "shaping should change the action values (Φ is not zero everywhere)");
    }

    [Fact]
    public void Shaping_RaisesTheStartValueByMinusTheExpectedInitialPotential()
    {
        // With Φ = 0 at the episode's end (terminal or horizon), an episode's shaping sums to −Φ(s₀) whatever the policy.
        var kernel = SepsisKernel.Build(SepsisModel.Default);
        var plain = SepsisSolver.SolveFiniteHorizon(kernel, Horizon);
        var shaped = SepsisSolver.SolveFiniteHorizon(kernel, Horizon, shaped: true);

        var initial = kernel.Initial;
        var expectedShift = 0.0;
        for (var s = 0; s < SepsisState.Count; s++) expectedShift -= initial[s] * SepsisShaping.Potential(SepsisState.FromIndex(s));

        Assert.True(expectedShift > 0);
        Assert.Equal(plain.StartValue + expectedShift, shaped.StartValue, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Dynamics))]
    public void Discounted_SatisfiesTheBellmanOptimalityEquation(SepsisDynamics dynamics)
    {
        const double gamma = 0.95;
        var kernel = SepsisKernel.Build(new SepsisModel(dynamics, SepsisAgeGroup.Adult));

        var (values, policy, _) = SepsisSolver.SolveDiscounted(kernel, gamma);

        for (var s = 0; s < SepsisState.Count; s++)
        {
            var q = Enumerable.Range(0, SepsisAction.Count).Select(a =>
            {
                var (next, probability) = kernel.Row(s, a);
                var total = 0.0;
                for (var k = 0; k < next.Length; k++)
                {
                    var j = next.Span[k];
                    total += probability.Span[k] * (SepsisKernel.IsTerminal(j) ? SepsisKernel.Reward(j) : gamma * values[j]);
                }

                return total;
            }).ToArray();
            Assert.Equal(q.Max(), values[s], 1e-9);
            Assert.Equal(q.Max(), q[policy[s]], 1e-9);
        }
    }

    [Fact]
    public void NeverTreat_EqualsConstantActionZero_AndOlderAgeGroupDoesNotChangeIt()
    {
        // The age group scales treatment responses only, so never treating is worth the same for both groups.
        var adult = SepsisKernel.Build(SepsisModel.Default);
        var older = SepsisKernel.Build(new SepsisModel(SepsisDynamics.Fixed, SepsisAgeGroup.Older));
        var never = new SepsisConstantPolicy(SepsisAction.None);

        Assert.Equal(SepsisSolver.EvaluateStart(adult, Horizon, never), SepsisSolver.EvaluateStart(older, Horizon, never), 1e-12);
        Assert.True(SepsisReference.For(SepsisModel.Default).OptimalValue > SepsisReference.For(new SepsisModel(SepsisDynamics.Fixed, SepsisAgeGroup.Older)).OptimalValue);
    }
}
