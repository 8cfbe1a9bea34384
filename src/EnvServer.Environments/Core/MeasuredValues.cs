using System.Text.Json;
using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Core;

/// <summary>
/// Numeric measurements under an episode's <see cref="Realism"/> settings: at each reset and step, the schedule decides
/// whether anything is measured, then each value may go missing, and each taken value gets the relative noise. Keeps
/// the last taken value of each for learners' features. With the measurement settings off every value is taken exactly.
/// </summary>
internal sealed class MeasuredValues(Realism realism, IReadOnlyList<string> names)
{
    private readonly double[] _last = new double[names.Count];

    public bool Active => realism.AltersMeasurements;

    /// <summary>The readings of the last reset or step.</summary>
    public Readings Current { get; private set; } = new(names, [], []);

    /// <summary>Measures the true values at this step (0 at reset).</summary>
    public void Measure(ReadOnlySpan<double> truth, int step)
    {
        var scheduled = realism.Scheduled(step);
        var missing = new bool[_last.Length];
        for (var i = 0; i < _last.Length; i++)
        {
            missing[i] = !scheduled || realism.GoesMissing(step);
            if (!missing[i]) _last[i] = realism.Noisy(truth[i]);
        }

        Current = new Readings(names, (double[])_last.Clone(), missing);
    }
}

/// <summary>
/// The measurements of one step, fixed when it was taken: the last value taken of each measured field (carried
/// forward over missing steps) and whether it was missing this step.
/// </summary>
internal sealed record Readings(IReadOnlyList<string> Names, double[] LastTaken, bool[] Missing)
{
    /// <summary>The value of this step, or null when it was not taken.</summary>
    public double? this[int index] => Missing[index] ? null : LastTaken[index];

    /// <summary>The missing indicators (1.0 missing, 0.0 taken), appended to learners' features.</summary>
    public IEnumerable<double> Indicators => Missing.Select(m => m ? 1.0 : 0.0);

    /// <summary>Writes <c>missing_mask</c>: each measured field → whether it was not taken this step.</summary>
    public void WriteMask(Utf8JsonWriter writer)
    {
        writer.WriteStartObject(RealismSchemas.MissingMaskField);
        for (var i = 0; i < Missing.Length; i++) writer.WriteBoolean(Names[i], Missing[i]);
        writer.WriteEndObject();
    }
}
