namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// Step reward constants (§4). Query reward = discovery bonus − <see cref="QueryCost"/>; intervention reward =
/// Δrisk − <see cref="InterventionCost"/>; an invalid action (in-episode) = −<see cref="InvalidPenalty"/>;
/// finish_review = the grade; the step that reaches max_steps without finishing adds −<see cref="TimeoutPenalty"/>.
/// </summary>
internal static class PolypharmacyRewards
{
    public const double QueryCost = 0.015;
    public const double InterventionCost = 0.025;
    public const double InvalidPenalty = 0.15;
    public const double TimeoutPenalty = 0.25;
    public const double SevereDiscoveryBonus = 0.05;
    public const double ModerateDiscoveryBonus = 0.02;

    /// <summary>reward_mode "raw" (default): the shaped reward as is.</summary>
    public const string RawMode = "raw";

    /// <summary>reward_mode "clamped": every step reward clamped to [0.001, 0.999], as the seed does (which hides all penalties).</summary>
    public const string ClampedMode = "clamped";

    public const double ClampMin = 0.001;
    public const double ClampMax = 0.999;

    public static double DiscoveryBonus(string severity) => severity switch
    {
        PolypharmacyVocabulary.Severe => SevereDiscoveryBonus,
        PolypharmacyVocabulary.Moderate => ModerateDiscoveryBonus,
        _ => 0.0,
    };

    public static double Apply(string mode, double raw) => mode == ClampedMode ? Math.Clamp(raw, ClampMin, ClampMax) : raw;
}
