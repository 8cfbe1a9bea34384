using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>Draws the patient of a new episode from its task, the cohort option and the episode's random stream.</summary>
internal static class HivPatientFactory
{
    /// <summary>The benchmark's domain randomisation: k1 ~ U(5e-7, 8e-7).</summary>
    public static readonly ParameterRange BenchmarkK1 = new(5e-7, 8e-7);

    /// <summary>k2 ~ U(1e-5, 1e-4).</summary>
    public static readonly ParameterRange BenchmarkK2 = new(1e-5, 1e-4);

    /// <summary>f ~ U(0.29, 0.34).</summary>
    public static readonly ParameterRange BenchmarkF = new(0.29, 0.34);

    /// <summary>
    /// A cohort, when given, replaces the task's patient in every task (default_patient included); otherwise
    /// default_patient is the benchmark's default and the other tasks draw k1, k2, f in the benchmark's order.
    /// </summary>
    public static HivParameters Create(string taskId, HivCohort? cohort, SeededRandom random)
    {
        if (cohort is not null) return cohort.Draw(random);
        if (taskId == HivTasks.DefaultPatient) return HivParameters.Default;

        var k1 = BenchmarkK1.Draw(random);
        var k2 = BenchmarkK2.Draw(random);
        var f = BenchmarkF.Draw(random);
        return HivParameters.Default with { K1 = k1, K2 = k2, F = f };
    }
}
