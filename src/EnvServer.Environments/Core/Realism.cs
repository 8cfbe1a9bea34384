using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Core;

/// <summary>
/// The realism settings of an episode (DTR-Bench's axes), reset options with the same names in every environment where
/// they apply, all off by default so that every published anchor stays exact:
/// <list type="bullet">
/// <item><c>parameter_variation</c> σ: each model parameter of the task's patient is multiplied by (1 + σ·z), z ~ N(0, 1)
/// clipped to [−2, 2], drawn once per reset.</item>
/// <item><c>observation_noise</c> σ: each measured value is multiplied by (1 + σ·z), floored at 0 (a discrete vital is
/// misread as a uniformly drawn other level with probability σ).</item>
/// <item><c>missing_rate</c> p: each measured value is not taken with probability p (null in the observation, flagged in
/// <c>missing_mask</c>; learners' features carry the last value and a missing indicator). The reset's values are always taken.</item>
/// <item><c>measurement_interval</c> k and <c>measurement_timing</c> (environments with a clock: hiv, drug-dose): measurements
/// only every k steps ("regular"), or each step with probability 1/k ("irregular", seeded).</item>
/// </list>
/// Its randomness comes from a stream of its own, seeded from the episode's seed, so the model's draws (and so every
/// default trajectory) are the same with realism on or off.
/// </summary>
public sealed class Realism
{
    public const string ParameterVariation = "parameter_variation";
    public const string ObservationNoise = "observation_noise";
    public const string MissingRate = "missing_rate";
    public const string MeasurementInterval = "measurement_interval";
    public const string MeasurementTiming = "measurement_timing";
    public const string Regular = "regular";
    public const string Irregular = "irregular";

    /// <summary>Largest parameter_variation: with z clipped to ±2 every parameter stays positive.</summary>
    public const double MaxParameterVariation = 0.45;

    /// <summary>Largest missing_rate, so that a value is still measured now and then.</summary>
    public const double MaxMissingRate = 0.95;

    // Mixed into the episode's seed for the realism stream (the golden ratio's 64-bit fraction, an arbitrary odd constant).
    private const ulong StreamSalt = 0x9E3779B97F4A7C15UL;

    private Realism(double parameterVariation, double observationNoise, double missingRate, int interval, bool irregular, long seed)
    {
        ParameterSpread = parameterVariation;
        Noise = observationNoise;
        Missing = missingRate;
        Interval = interval;
        IsIrregular = irregular;
        Random = new SeededRandom(unchecked((long)((ulong)seed ^ StreamSalt)));
    }

    public double ParameterSpread { get; }

    public double Noise { get; }

    public double Missing { get; }

    public int Interval { get; }

    public bool IsIrregular { get; }

    /// <summary>The realism stream: every draw of these settings, and none of the model's.</summary>
    public SeededRandom Random { get; }

    /// <summary>Whether any measurement setting is on: then observations carry <c>missing_mask</c> and learners' features the indicators.</summary>
    public bool AltersMeasurements => Noise > 0 || Missing > 0 || Interval > 1;

    /// <summary>The settings of a reset (already checked against <see cref="Fields"/>).</summary>
    public static Realism From(ResetOptions options, long seed) => new(
        options.GetDouble(ParameterVariation) ?? 0,
        options.GetDouble(ObservationNoise) ?? 0,
        options.GetDouble(MissingRate) ?? 0,
        options.GetInt32(MeasurementInterval) ?? 1,
        options.GetString(MeasurementTiming) == Irregular,
        seed);

    /// <summary>A parameter of the task's patient with this episode's variation (itself when parameter_variation is 0).</summary>
    public double Vary(double parameter)
    {
        if (ParameterSpread == 0) return parameter;
        return parameter * (1 + ParameterSpread * Math.Clamp(Random.Normal(), -2, 2));
    }

    /// <summary>Whether the measurement schedule takes measurements at this step (the reset, step 0, always does).</summary>
    public bool Scheduled(int step)
    {
        if (step == 0 || Interval == 1) return true;
        return IsIrregular ? Random.Bernoulli(1.0 / Interval) : step % Interval == 0;
    }

    /// <summary>Whether one scheduled value goes missing (never at the reset).</summary>
    public bool GoesMissing(int step) => step > 0 && Missing > 0 && Random.Bernoulli(Missing);

    /// <summary>A measured value with this episode's relative noise, floored at 0.</summary>
    public double Noisy(double value) => Noise == 0 ? value : Math.Max(0, value * (1 + Noise * Random.Normal()));

    /// <summary>The reset options, for every environment's schema; the timing options only where the model has a clock.</summary>
    public static IReadOnlyList<FieldSchema> Fields(bool clock)
    {
        FieldSchema[] common =
        [
            new FieldSchema(ParameterVariation, FieldType.Number,
                "Relative spread of the patient's model parameters around the task's patient: each is multiplied by (1 + σ·z), z ~ N(0, 1) clipped to ±2, " +
                "drawn per reset from the realism stream. 0 (default) keeps the task's patient.")
            {
                Minimum = 0,
                Maximum = MaxParameterVariation,
            }.WithDefault(0.0),
            new FieldSchema(ObservationNoise, FieldType.Number,
                "Relative measurement noise: each measured value is multiplied by (1 + σ·z) and floored at 0 (a discrete vital is misread w.p. σ). 0 (default) is off.")
            {
                Minimum = 0,
                Maximum = 1,
            }.WithDefault(0.0),
            new FieldSchema(MissingRate, FieldType.Number,
                "Probability that a measured value is not taken this step: null in the observation and true in missing_mask; features carry the last value " +
                "and a missing indicator. The reset's values are always taken. 0 (default) is off.")
            {
                Minimum = 0,
                Maximum = MaxMissingRate,
            }.WithDefault(0.0),
        ];
        if (!clock) return common;
        return
        [
            .. common,
            new FieldSchema(MeasurementInterval, FieldType.Integer,
                "Measurements only every k steps (measurement_timing \"regular\") or each step with probability 1/k (\"irregular\"); between them the " +
                "measured values are null and flagged missing. 1 (default) measures every step.")
            {
                Minimum = 1,
                Maximum = 100,
            }.WithDefault(1),
            new FieldSchema(MeasurementTiming, FieldType.String, "\"regular\" (default): every measurement_interval steps; \"irregular\": at seeded random steps, 1/k of them on average.")
            {
                AllowedValues = [Regular, Irregular],
            }.WithDefault(Regular),
        ];
    }
}
