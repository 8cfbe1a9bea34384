using EnvServer.Environments.Core;

namespace EnvServer.Environments.Sepsis;

/// <summary>
/// The bedside monitor of <c>noisy_monitoring</c>: the last reading of HR, SBP and O2. Each step every vital is
/// missing w.p. <see cref="MissingProbability"/> (the last reading is carried forward), and otherwise misread w.p.
/// <see cref="MisreadProbability"/> as a uniformly drawn wrong level. At admission nothing can be carried forward,
/// so readings may be misread but are never missing. Draw order: HR, SBP, O2; for each, missing then misread.
/// </summary>
internal sealed class SepsisMonitor
{
    public const double MissingProbability = 0.2;
    public const double MisreadProbability = 0.2;

    private SepsisMonitor(int heartRate, int systolicBp, int percentO2)
    {
        HeartRate = heartRate;
        SystolicBp = systolicBp;
        PercentO2 = percentO2;
    }

    public int HeartRate { get; private set; }

    public int SystolicBp { get; private set; }

    public int PercentO2 { get; private set; }

    public static SepsisMonitor Admit(SepsisState state, SeededRandom random) => new(
        Read(state.HeartRate, SepsisState.HeartRateLevels, random),
        Read(state.SystolicBp, SepsisState.SystolicBpLevels, random),
        Read(state.PercentO2, SepsisState.PercentO2Levels, random));

    public void Measure(SepsisState state, SeededRandom random)
    {
        if (!random.Bernoulli(MissingProbability)) HeartRate = Read(state.HeartRate, SepsisState.HeartRateLevels, random);
        if (!random.Bernoulli(MissingProbability)) SystolicBp = Read(state.SystolicBp, SepsisState.SystolicBpLevels, random);
        if (!random.Bernoulli(MissingProbability)) PercentO2 = Read(state.PercentO2, SepsisState.PercentO2Levels, random);
    }

    private static int Read(int level, int levels, SeededRandom random) =>
        random.Bernoulli(MisreadProbability) ? (level + 1 + random.NextInt(levels - 1)) % levels : level;
}
