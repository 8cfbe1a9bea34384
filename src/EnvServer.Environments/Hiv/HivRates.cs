namespace EnvServer.Environments.Hiv;

/// <summary>
/// The coefficients of the model's right-hand side for one patient under one treatment, with the
/// treatment-dependent products computed once per step; the integrators evaluate the right-hand side from them.
/// Each product is formed as the benchmark forms it (<c>k1 * (1 - eps1)</c>, <c>NT * delta * (1 - eps2)</c>, …).
/// <code>
/// dT1/dt  = λ1 − d1·T1 − (1−ε1)·k1·V·T1
/// dT1*/dt = (1−ε1)·k1·V·T1 − δ·T1* − m1·E·T1*
/// dT2/dt  = λ2 − d2·T2 − (1−f·ε1)·k2·V·T2
/// dT2*/dt = (1−f·ε1)·k2·V·T2 − δ·T2* − m2·E·T2*
/// dV/dt   = (1−ε2)·NT·δ·(T1*+T2*) − c·V − [(1−ε1)·ρ1·k1·T1 + (1−f·ε1)·ρ2·k2·T2]·V
/// dE/dt   = λE + bE·(T1*+T2*)/(T1*+T2*+Kb)·E − dE·(T1*+T2*)/(T1*+T2*+Kd)·E − δE·E
/// </code>
/// </summary>
internal readonly struct HivRates
{
    public readonly double Lambda1, D1, K1Eff, M1, Lambda2, D2, K2Eff, M2, Delta, Production, C, Rho1K1Eff, Rho2K2Eff;
    public readonly double LambdaE, BE, Kb, DE, Kd, DeltaE;

    public HivRates(HivParameters p, HivTreatment treatment)
    {
        var eps1 = treatment.Rti;
        var eps2 = treatment.Pi;
        Lambda1 = p.Lambda1;
        D1 = p.D1;
        K1Eff = p.K1 * (1 - eps1);
        M1 = p.M1;
        Lambda2 = p.Lambda2;
        D2 = p.D2;
        K2Eff = p.K2 * (1 - p.F * eps1);
        M2 = p.M2;
        Delta = p.Delta;
        Production = p.NT * p.Delta * (1 - eps2);
        C = p.C;
        Rho1K1Eff = p.Rho1 * p.K1 * (1 - eps1);
        Rho2K2Eff = p.Rho2 * p.K2 * (1 - p.F * eps1);
        LambdaE = p.LambdaE;
        BE = p.BE;
        Kb = p.Kb;
        DE = p.DE;
        Kd = p.Kd;
        DeltaE = p.DeltaE;
    }
}
