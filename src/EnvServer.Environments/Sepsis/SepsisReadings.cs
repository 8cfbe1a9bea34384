using EnvServer.Environments.Core;

namespace EnvServer.Environments.Sepsis;

/// <summary>
/// The observed vitals under the realism options: each may go missing (missing_rate; null, carried forward in
/// features), and a reading taken is misread as a uniformly drawn other level with probability observation_noise.
/// Applied to what the task shows (the monitor's readings in noisy_monitoring), at admission and after every step.
/// </summary>
internal sealed class SepsisReadings(Realism realism, IReadOnlyList<(string Name, int Levels)> vitals)
{
    private readonly double[] _last = new double[vitals.Count];

    /// <summary>The readings of the last admission or step; levels as numbers, low → high from 0.</summary>
    public Readings Current { get; private set; } = new([], [], []);

    public void Measure(ReadOnlySpan<int> shown, int step)
    {
        var missing = new bool[_last.Length];
        for (var i = 0; i < _last.Length; i++)
        {
            missing[i] = realism.GoesMissing(step);
            if (missing[i]) continue;
            var levels = vitals[i].Levels;
            _last[i] = realism.Noise > 0 && realism.Random.Bernoulli(realism.Noise) ? (shown[i] + 1 + realism.Random.NextInt(levels - 1)) % levels : shown[i];
        }

        Current = new Readings(vitals.Select(v => v.Name).ToArray(), (double[])_last.Clone(), missing);
    }
}
