namespace EnvServer.Environments.DrugDose;

/// <summary>The episode grade before <see cref="Core.Grader.Clip"/>: time in the window, less a toxicity penalty.</summary>
internal static class DrugDoseGrader
{
    /// <summary>Subtracted once if the effect ever crossed the toxic threshold, so an overdosed episode grades at most 0.5.</summary>
    public const double ToxicPenalty = 0.5;

    /// <summary>
    /// Steps with the effect concentration in the window over the horizon (max_steps), not over the steps
    /// played, so that ending an episode early by overdosing cannot raise the fraction.
    /// </summary>
    public static double Score(int stepsInWindow, int horizon, bool toxic) =>
        (double)stepsInWindow / horizon - (toxic ? ToxicPenalty : 0.0);
}
