namespace EnvServer.Environments.Sepsis;

/// <summary>
/// Patient profile by age group (reset option <c>age_group</c>), this project's extension after the seed's
/// "patient profiles by age group"; not part of the published simulator, and off (adult) in the reference tasks.
/// </summary>
public enum SepsisAgeGroup
{
    /// <summary>The published simulator's response probabilities.</summary>
    Adult,

    /// <summary>
    /// Every treatment-response probability (antibiotics 0.5, ventilation 0.7, vasopressors 0.7 / 0.9 / 0.5 / 0.4)
    /// multiplied by <see cref="SepsisResponse.OlderFactor"/>; withdrawal effects and fluctuations are unchanged.
    /// </summary>
    Older,
}
