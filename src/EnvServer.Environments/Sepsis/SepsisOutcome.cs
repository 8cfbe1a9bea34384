namespace EnvServer.Environments.Sepsis;

/// <summary>How a transition ends, judged on the state it reaches (the published code's calculateReward).</summary>
public enum SepsisOutcome
{
    /// <summary>Neither death nor discharge: reward 0, the episode goes on.</summary>
    Continue = 0,

    /// <summary>Three or more abnormal vitals: reward −1, terminated.</summary>
    Death = -1,

    /// <summary>No abnormal vital and no treatment in effect (only after action 0): reward +1, terminated.</summary>
    Discharge = 1,
}

/// <summary>The outcome rule, shared by the sampler, the exact kernel and the initial-state redraw.</summary>
public static class SepsisOutcomes
{
    /// <summary>Abnormal vitals at which the patient dies.</summary>
    public const int DeathAbnormalCount = 3;

    public static SepsisOutcome Of(SepsisState state)
    {
        var abnormal = state.AbnormalCount;
        if (abnormal >= DeathAbnormalCount) return SepsisOutcome.Death;
        return abnormal == 0 && !state.OnTreatment ? SepsisOutcome.Discharge : SepsisOutcome.Continue;
    }

    /// <summary>The unshaped reward of reaching an outcome: −1, 0 or +1.</summary>
    public static double Reward(SepsisOutcome outcome) => (int)outcome;
}
