using System.Runtime.CompilerServices;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// The coefficients of the model's right-hand side for one patient under one treatment, with the
/// treatment-dependent products computed once per step, and the right-hand side itself (<see cref="Derivative"/>;
/// the reference integrator evaluates a regrouped form of it inline).
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

    /// <summary>
    /// The right-hand side above at (t1, t1s, t2, t2s, v, e), with the effector term over one division. Inlined,
    /// so that a caller keeping the state in scalar locals keeps the derivative in registers too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Derivative(
        double t1, double t1s, double t2, double t2s, double v, double e,
        out double dt1, out double dt1s, out double dt2, out double dt2s, out double dv, out double de)
    {
        var infection1 = K1Eff * v * t1;
        var infection2 = K2Eff * v * t2;
        var infected = t1s + t2s;
        var birth = infected + Kb;
        var death = infected + Kd;
        dt1 = Lambda1 - D1 * t1 - infection1;
        dt1s = infection1 - Delta * t1s - M1 * e * t1s;
        dt2 = Lambda2 - D2 * t2 - infection2;
        dt2s = infection2 - Delta * t2s - M2 * e * t2s;
        dv = Production * infected - C * v - (Rho1K1Eff * t1 + Rho2K2Eff * t2) * v;
        de = LambdaE + infected * e * (BE * death - DE * birth) / (birth * death) - DeltaE * e;
    }
}
