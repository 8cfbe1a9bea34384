namespace EnvServer.Environments.DrugDose;

/// <summary>One dosing decision.</summary>
/// <param name="Dose">
/// Amount given at the start of the step, in concentration units. Any finite or infinite value is
/// accepted and clipped to [0, max_dose]; the observation reports the dose actually given.
/// </param>
public readonly record struct DrugDoseAction(double Dose);
