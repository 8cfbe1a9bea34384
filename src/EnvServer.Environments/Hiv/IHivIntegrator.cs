namespace EnvServer.Environments.Hiv;

/// <summary>Advances the (already clipped) state over one control interval under a constant treatment.</summary>
internal interface IHivIntegrator
{
    /// <summary>Wire name of the integrator: <c>reference</c> or <c>fast</c>.</summary>
    string Name { get; }

    /// <summary>Model evaluations so far in this episode (the cost of the integrator): right-hand sides, and Jacobians in the fast mode.</summary>
    long Evaluations { get; }

    /// <summary>The state at the end of the interval, not clipped.</summary>
    HivState Advance(HivState start, in HivRates rates);
}
