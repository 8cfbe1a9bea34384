namespace EnvServer.Environments.DrugDose;

/// <summary>What the agent is told about plasma: a concentration and how many steps ago it was measured.</summary>
internal readonly record struct PlasmaReading(double Concentration, int Age);
