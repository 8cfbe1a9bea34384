using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>Builds the patient of a new episode from its task, the reset options and the episode's random stream.</summary>
internal static class PatientFactory
{
    /// <summary>k of fixed_patient: the seed's default.</summary>
    public const double FixedEliminationRate = 0.05;

    /// <summary>Lower end of the elimination rate drawn per reset: the seed's training range U(0.03, 0.08).</summary>
    public const double MinEliminationRate = 0.03;

    /// <summary>Upper end of the elimination rate drawn per reset.</summary>
    public const double MaxEliminationRate = 0.08;

    /// <summary>σ of the additive process noise in variable_patient and pkpd_toxicity: the seed's training value.</summary>
    public const double VariableNoiseStd = 0.01;

    /// <summary>The task's patient; with parameter_variation, its rates varied from the realism stream after every model draw.</summary>
    public static IPharmacokineticModel Create(string taskId, ResetOptions options, SeededRandom random, Realism realism)
    {
        var initial = options.GetDouble(DrugDoseOptions.InitialConcentration) ?? DrugDoseOptions.DefaultInitialConcentration;
        var eliminationRate = options.GetDouble(DrugDoseOptions.EliminationRate);
        var noiseStd = options.GetDouble(DrugDoseOptions.NoiseStd);

        // Variable patients are drawn even when an option overrides a parameter, so that overriding one
        // parameter does not change the others a seed gives.
        switch (taskId)
        {
            case DrugDoseTasks.FixedPatient:
                return new OneCompartmentModel(realism.Vary(eliminationRate ?? FixedEliminationRate), noiseStd ?? 0.0, initial);
            case DrugDoseTasks.VariablePatient:
                var drawn = random.Uniform(MinEliminationRate, MaxEliminationRate);
                return new OneCompartmentModel(realism.Vary(eliminationRate ?? drawn), noiseStd ?? VariableNoiseStd, initial);
            case DrugDoseTasks.PkpdToxicity:
                var patient = TwoCompartmentPatient.Draw(random);
                if (eliminationRate is { } k10) patient = patient with { K10 = k10 };
                patient = new TwoCompartmentPatient(realism.Vary(patient.K10), realism.Vary(patient.K12), realism.Vary(patient.K21), realism.Vary(patient.Ke0));
                return new TwoCompartmentEffectSiteModel(patient, noiseStd ?? VariableNoiseStd, initial);
            default:
                throw new ArgumentOutOfRangeException(nameof(taskId), taskId, "Not a drug-dose task.");
        }
    }
}
