using EnvServer.Environments.Core;

namespace EnvServer.Environments.Sepsis;

/// <summary>
/// Draws admissions and transitions from <see cref="SepsisRules"/>: one uniform draw per stage that has more than
/// one result (stages with a single result consume no randomness), so a seed fixes the whole trajectory.
/// </summary>
internal static class SepsisSampler
{
    /// <summary>
    /// A new patient: diabetic, then HR, SBP, O2 and glucose from <see cref="SepsisRules"/>' initial tables, treatments
    /// off; redrawn whole (diabetic flag included, as the published code does) while the state is already absorbing.
    /// </summary>
    public static SepsisState Admit(SeededRandom random)
    {
        while (true)
        {
            var diabetic = random.Bernoulli(SepsisRules.DiabeticProbability);
            var state = new SepsisState(
                diabetic,
                Categorical(SepsisRules.InitialHeartRate, random),
                Categorical(SepsisRules.InitialSystolicBp, random),
                Categorical(SepsisRules.InitialPercentO2, random),
                Categorical(diabetic ? SepsisRules.InitialDiabeticGlucose : SepsisRules.InitialGlucose, random),
                false, false, false);
            if (SepsisOutcomes.Of(state) == SepsisOutcome.Continue) return state;
        }
    }

    /// <summary>The state after one step: every stage in order, then the action's treatment flags.</summary>
    public static SepsisState Next(SepsisRules rules, SepsisState state, SepsisAction action, SeededRandom random)
    {
        Span<SepsisBranch> buffer = stackalloc SepsisBranch[SepsisBranches.Capacity];
        var current = state;
        for (var stage = 0; stage < SepsisRules.StageCount; stage++)
        {
            var branches = new SepsisBranches(buffer);
            rules.Branches(stage, current, action, ref branches);
            current = branches.Count == 1 ? branches[0].State : Pick(ref branches, random.NextDouble());
        }

        return current.WithTreatments(action);
    }

    private static SepsisState Pick(ref SepsisBranches branches, double u)
    {
        var cumulative = 0.0;
        for (var i = 0; i < branches.Count - 1; i++)
        {
            cumulative += branches[i].Probability;
            if (u < cumulative) return branches[i].State;
        }

        return branches[branches.Count - 1].State;
    }

    private static int Categorical(double[] probabilities, SeededRandom random)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < probabilities.Length - 1; i++)
        {
            cumulative += probabilities[i];
            if (u < cumulative) return i;
        }

        return probabilities.Length - 1;
    }
}
