using EnvServer.Training.Federated;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.Networks;

namespace EnvServer.Training.Tests.Federated;

/// <summary>Hand-built models and updates: a 2×2 weight "w" and a bias "b" of 2, with input statistics of size 2.</summary>
internal static class FederatedTestData
{
    public static FederatedModel Model(float[] w, float[] b, RunningMeanStd? statistics = null) =>
        new([new NamedTensor("w", [2, 2], w), new NamedTensor("b", [2], b)], new Dictionary<string, string> { ["model"] = "test" }, statistics);

    public static FederatedModel Initial() => Model([0, 0, 0, 0], [0, 0], new RunningMeanStd(2));

    /// <summary>An update whose weights are all <paramref name="value"/>, from <paramref name="examples"/> examples.</summary>
    public static UpdateRequest Update(int round, float value, long examples, RunningMeanStd? statistics = null, Dictionary<string, double>? metrics = null) =>
        new(round, examples, ModelPayload.From(Model([value, value, value, value], [value, value], statistics ?? new RunningMeanStd([1, 1], [1, 1], 10))), metrics);
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>A fresh directory under the temp folder, deleted afterwards.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"federated-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
