using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>
/// A patient's pharmacokinetics, advanced one dosing interval at a time. Separating the plasma
/// concentration (what an assay can measure) from the effect concentration (what the window and the
/// toxic threshold judge) lets the hard task hide the clinical effect behind a delay.
/// </summary>
internal interface IPharmacokineticModel
{
    /// <summary>Concentration in plasma (the central compartment).</summary>
    double Plasma { get; }

    /// <summary>Concentration that drives the clinical effect: plasma itself, or an effect site that lags it.</summary>
    double Effect { get; }

    /// <summary>Gives <paramref name="dose"/> at the start of the interval and advances to its end.</summary>
    void Step(double dose, SeededRandom random);

    /// <summary>
    /// Writes the hidden truth as the state fields concentration, peripheral, effect_site,
    /// elimination_rate, k12, k21, ke0 and noise_std, with null for what the model does not have.
    /// </summary>
    void WriteStateFields(Utf8JsonWriter writer);
}
