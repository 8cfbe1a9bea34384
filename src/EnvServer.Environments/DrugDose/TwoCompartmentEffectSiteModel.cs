using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>
/// Two compartments plus an effect site, discretised with one step per dosing interval:
/// <code>
/// Cc' = max(0, Cc + dose − (k10 + k12)·Cc + k21·Cp + σ·N(0, 1))
/// Cp' = Cp + k12·Cc − k21·Cp
/// Ce' = Ce + ke0·(Cc' − Ce)
/// </code>
/// The dose enters the central compartment (plasma, Cc), distributes to and from a peripheral one (Cp),
/// and acts through an effect site (Ce) that follows the new plasma level with a lag, which is why a
/// plasma reading understates or overstates the effect after a dose change.
/// </summary>
/// <param name="patient">The patient's rate constants.</param>
/// <param name="noiseStd">σ of the additive process noise on the central compartment.</param>
/// <param name="initialConcentration">
/// C0 for plasma and the effect site (assumed equilibrated with plasma); the peripheral compartment starts empty.
/// </param>
internal sealed class TwoCompartmentEffectSiteModel(TwoCompartmentPatient patient, double noiseStd, double initialConcentration)
    : IPharmacokineticModel
{
    public double Central { get; private set; } = initialConcentration;

    public double Peripheral { get; private set; }

    public double EffectSite { get; private set; } = initialConcentration;

    public double Plasma => Central;

    public double Effect => EffectSite;

    public void Step(double dose, SeededRandom random)
    {
        var noise = noiseStd > 0 ? noiseStd * random.Normal() : 0.0;
        var central = Math.Max(0.0, Central + dose - (patient.K10 + patient.K12) * Central + patient.K21 * Peripheral + noise);
        Peripheral += patient.K12 * Central - patient.K21 * Peripheral;
        Central = central;
        EffectSite += patient.Ke0 * (Central - EffectSite);
    }

    public void WriteStateFields(Utf8JsonWriter writer)
    {
        writer.WriteFloat("concentration", Central);
        writer.WriteFloat("peripheral", Peripheral);
        writer.WriteFloat("effect_site", EffectSite);
        writer.WriteFloat("elimination_rate", patient.K10);
        writer.WriteFloat("k12", patient.K12);
        writer.WriteFloat("k21", patient.K21);
        writer.WriteFloat("ke0", patient.Ke0);
        writer.WriteFloat("noise_std", noiseStd);
    }
}
