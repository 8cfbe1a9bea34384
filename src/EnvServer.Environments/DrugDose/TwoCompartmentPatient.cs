using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>
/// Rate constants of a two-compartment patient with an effect site, all per dosing interval.
/// The ranges are chosen so that k10 matches the seed's elimination range and the model stays stable
/// (k10 + k12 &lt; 1, ke0 &lt; 1), while distribution and effect delay vary several-fold between patients.
/// </summary>
/// <param name="K10">Elimination from the central compartment, U(0.03, 0.08) (the seed's k range).</param>
/// <param name="K12">Central → peripheral distribution, U(0.02, 0.06).</param>
/// <param name="K21">Peripheral → central redistribution, U(0.01, 0.03): slower than k12, so drug accumulates in the tissues.</param>
/// <param name="Ke0">Plasma → effect-site equilibration, U(0.2, 0.5): the effect lags plasma by about 2–5 intervals.</param>
internal sealed record TwoCompartmentPatient(double K10, double K12, double K21, double Ke0)
{
    /// <summary>Draws a patient, always in the order k10, k12, k21, ke0 so that a seed names one patient.</summary>
    public static TwoCompartmentPatient Draw(SeededRandom random)
    {
        var k10 = random.Uniform(0.03, 0.08);
        var k12 = random.Uniform(0.02, 0.06);
        var k21 = random.Uniform(0.01, 0.03);
        var ke0 = random.Uniform(0.2, 0.5);
        return new TwoCompartmentPatient(k10, k12, k21, ke0);
    }
}
