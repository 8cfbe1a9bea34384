using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>
/// The seed's one-compartment model: C(t+1) = max(0, C(t)·(1 − k) + dose + σ·N(0, 1)).
/// The drug acts where it is measured, so <see cref="Plasma"/> and <see cref="Effect"/> are both C.
/// </summary>
/// <param name="eliminationRate">k, the fraction of the drug eliminated per step.</param>
/// <param name="noiseStd">σ of the additive process noise.</param>
/// <param name="initialConcentration">C0.</param>
internal sealed class OneCompartmentModel(double eliminationRate, double noiseStd, double initialConcentration)
    : IPharmacokineticModel
{
    public double Concentration { get; private set; } = initialConcentration;

    public double Plasma => Concentration;

    public double Effect => Concentration;

    public void Step(double dose, SeededRandom random)
    {
        // As in the seed, a noiseless patient draws nothing, so σ = 0 leaves the random stream untouched.
        var noise = noiseStd > 0 ? noiseStd * random.Normal() : 0.0;
        Concentration = Math.Max(0.0, Concentration * (1.0 - eliminationRate) + dose + noise);
    }

    public void WriteStateFields(Utf8JsonWriter writer)
    {
        writer.WriteFloat("concentration", Concentration);
        writer.WriteNull("peripheral");
        writer.WriteNull("effect_site");
        writer.WriteFloat("elimination_rate", eliminationRate);
        writer.WriteNull("k12");
        writer.WriteNull("k21");
        writer.WriteNull("ke0");
        writer.WriteFloat("noise_std", noiseStd);
    }
}
