using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>An inclusive range [Low, High] a cohort's parameter is drawn from, uniformly.</summary>
public readonly record struct ParameterRange(double Low, double High)
{
    public double Centre => (Low + High) / 2;

    public bool Contains(double value) => value >= Low && value <= High;

    public double Draw(SeededRandom random) => random.Uniform(Low, High);
}

/// <summary>
/// A named patient population (<c>data/hiv/cohorts.json</c>): the ranges its patients' k1, k2, f and λ1 are
/// drawn from. Cohorts with different centres give federated clients non-IID patients.
/// </summary>
public sealed record HivCohort(string Id, string Description, ParameterRange K1, ParameterRange K2, ParameterRange F, ParameterRange Lambda1)
{
    /// <summary>Draws a patient, always in the order k1, k2, f, λ1, so that a seed names one patient.</summary>
    internal HivParameters Draw(SeededRandom random)
    {
        var k1 = K1.Draw(random);
        var k2 = K2.Draw(random);
        var f = F.Draw(random);
        var lambda1 = Lambda1.Draw(random);
        return HivParameters.Default with { K1 = k1, K2 = k2, F = f, Lambda1 = lambda1 };
    }
}
