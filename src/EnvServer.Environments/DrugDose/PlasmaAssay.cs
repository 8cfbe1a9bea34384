using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>
/// Sparse, noisy plasma measurement for the hard task: a blood sample every
/// <see cref="SamplingInterval"/> steps (and at reset), read with multiplicative log-normal assay
/// error, and the last result carried forward in between, as a ward sees drug levels.
/// </summary>
internal sealed class PlasmaAssay
{
    /// <summary>Steps between samples: the agent must dose 3 of every 4 intervals without a fresh level.</summary>
    public const int SamplingInterval = 4;

    /// <summary>Standard deviation of the log of the assay error: about ±10 % per measurement.</summary>
    public const double LogStd = 0.1;

    private PlasmaAssay(PlasmaReading reading) => Reading = reading;

    public PlasmaReading Reading { get; private set; }

    /// <summary>Takes the first sample at reset.</summary>
    public static PlasmaAssay Start(double plasma, SeededRandom random) => new(new PlasmaReading(Measure(plasma, random), 0));

    /// <summary>Ages the last result by one step, sampling again when the interval is up.</summary>
    public void Advance(double plasma, SeededRandom random)
    {
        var age = Reading.Age + 1;
        Reading = age == SamplingInterval
            ? new PlasmaReading(Measure(plasma, random), 0)
            : Reading with { Age = age };
    }

    // Multiplicative error keeps a reading non-negative and scales with the level, as assay error does.
    private static double Measure(double plasma, SeededRandom random) => plasma * Math.Exp(LogStd * random.Normal());
}
