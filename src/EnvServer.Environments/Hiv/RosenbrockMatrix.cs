using System.Runtime.CompilerServices;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// The matrix W = g·I − J of a Rosenbrock step (g = 1/(γh), J the model's analytic Jacobian at the step's start),
/// eliminated once per step so that each stage's linear system costs about 30 operations, and the stages themselves.
/// <para>
/// J is sparse: the rows of T1 and T2 touch only themselves and V, the rows of T1* and T2* add E, and E depends on
/// the infected cells only. Gaussian elimination in the order T1, T2, T1*, T2* therefore creates no fill-in outside
/// the V and E columns and leaves a 2×2 system in (V, E), solved by Cramer's rule. The four pivots are
/// g + d1 + k1'V, g + d2 + k2'V and g + δ + m·E, all positive, so no pivoting is needed; only the 2×2 determinant can
/// vanish, which the step-size control avoids (a near-singular W gives a large error estimate and a smaller step).
/// </para>
/// </summary>
internal readonly struct RosenbrockMatrix
{
    // Reciprocal pivots, the multipliers of the eliminations, the remaining couplings and the 2×2 (V, E) block over its determinant.
    private readonly double _inv1, _inv1Star, _inv2, _inv2Star;
    private readonly double _vOnT1, _vOnT2, _vOnT1Star, _eOnT1Star, _vOnT2Star, _eOnT2Star;
    private readonly double _t1IntoT1Star, _t2IntoT2Star, _t1IntoV, _infectedIntoV, _t2IntoV, _infectedIntoE;
    private readonly double _vv, _ve, _ev, _ee;

    /// <param name="r">Coefficients of the right-hand side.</param>
    /// <param name="t1">State at which J is evaluated (this and the next five).</param>
    /// <param name="t1s">T1*.</param>
    /// <param name="t2">T2.</param>
    /// <param name="t2s">T2*.</param>
    /// <param name="v">V.</param>
    /// <param name="e">E.</param>
    /// <param name="g">1/(γh), added to the diagonal.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RosenbrockMatrix(in HivRates r, double t1, double t1s, double t2, double t2s, double v, double e, double g)
    {
        // E' = λE + g(I)·E − δE·E with g(I) = bE·I/(I+Kb) − dE·I/(I+Kd): ∂E'/∂E = g(I) − δE, ∂E'/∂T* = E·g'(I).
        var infected = t1s + t2s;
        var birth = infected + r.Kb;
        var death = infected + r.Kd;
        var growth = infected * (r.BE * death - r.DE * birth) / (birth * death);
        var growthSlope = r.BE * r.Kb / (birth * birth) - r.DE * r.Kd / (death * death);

        // W = g·I − J, entry by entry (the zero entries are not stored).
        var w11 = g + r.D1 + r.K1Eff * v;
        var w15 = r.K1Eff * t1;
        var w21 = -r.K1Eff * v;
        var w22 = g + r.Delta + r.M1 * e;
        var w26 = r.M1 * t1s;
        var w33 = g + r.D2 + r.K2Eff * v;
        var w35 = r.K2Eff * t2;
        var w43 = -r.K2Eff * v;
        var w44 = g + r.Delta + r.M2 * e;
        var w46 = r.M2 * t2s;
        var w51 = r.Rho1K1Eff * v;
        var w52 = -r.Production;
        var w53 = r.Rho2K2Eff * v;
        var w55 = g + r.C + r.Rho1K1Eff * t1 + r.Rho2K2Eff * t2;
        var w62 = -e * growthSlope;
        var w66 = g - growth + r.DeltaE;

        _inv1 = 1 / w11;
        _inv2 = 1 / w33;
        _inv1Star = 1 / w22;
        _inv2Star = 1 / w44;
        _t1IntoT1Star = w21;
        _t2IntoT2Star = w43;
        _t1IntoV = w51;
        _infectedIntoV = w52;
        _t2IntoV = w53;
        _infectedIntoE = w62;

        // x1 = (b1 − w15·x5)/w11, then x2 = (b2 − w21·x1 − w25·x5 − w26·x6)/w22 with w25 = −w15; the same for type 2.
        _vOnT1 = w15 * _inv1;
        _vOnT2 = w35 * _inv2;
        _vOnT1Star = (-w15 - w21 * _vOnT1) * _inv1Star;
        _eOnT1Star = w26 * _inv1Star;
        _vOnT2Star = (-w35 - w43 * _vOnT2) * _inv2Star;
        _eOnT2Star = w46 * _inv2Star;

        // What is left of the V and E rows once T1, T1*, T2, T2* are substituted.
        var vv = w55 - w51 * _vOnT1 - w52 * (_vOnT1Star + _vOnT2Star) - w53 * _vOnT2;
        var ve = -w52 * (_eOnT1Star + _eOnT2Star);
        var ev = -w62 * (_vOnT1Star + _vOnT2Star);
        var ee = w66 - w62 * (_eOnT1Star + _eOnT2Star);

        // Its inverse, for Cramer's rule.
        var inverseDeterminant = 1 / (vv * ee - ve * ev);
        _vv = vv * inverseDeterminant;
        _ve = ve * inverseDeterminant;
        _ev = ev * inverseDeterminant;
        _ee = ee * inverseDeterminant;
    }

    /// <summary>
    /// One stage of the Rosenbrock step: k = W⁻¹·(f(z) + q), f the right-hand side of <paramref name="r"/> and q the
    /// earlier stages' contribution. Not inlined on purpose: six inlined copies make the integrator's step so large
    /// that the JIT spills its stage values to the stack, which measured 25–30 % slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Stage(
        in HivRates r,
        double z1, double z2, double z3, double z4, double z5, double z6,
        double q1, double q2, double q3, double q4, double q5, double q6,
        out double k1, out double k2, out double k3, out double k4, out double k5, out double k6)
    {
        r.Derivative(z1, z2, z3, z4, z5, z6, out var f1, out var f2, out var f3, out var f4, out var f5, out var f6);
        Solve(f1 + q1, f2 + q2, f3 + q3, f4 + q4, f5 + q5, f6 + q6, out k1, out k2, out k3, out k4, out k5, out k6);
    }

    /// <summary>x = W⁻¹·b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Solve(
        double b1, double b2, double b3, double b4, double b5, double b6,
        out double x1, out double x2, out double x3, out double x4, out double x5, out double x6)
    {
        // Forward: eliminate T1 and T2, then T1* and T2*, from the right-hand side.
        var p1 = b1 * _inv1;
        var p3 = b3 * _inv2;
        var p2 = (b2 - _t1IntoT1Star * p1) * _inv1Star;
        var p4 = (b4 - _t2IntoT2Star * p3) * _inv2Star;
        var rv = b5 - _t1IntoV * p1 - _infectedIntoV * (p2 + p4) - _t2IntoV * p3;
        var re = b6 - _infectedIntoE * (p2 + p4);

        // The 2×2 block by Cramer's rule, then back-substitution.
        x5 = rv * _ee - _ve * re;
        x6 = _vv * re - _ev * rv;
        x1 = p1 - _vOnT1 * x5;
        x2 = p2 - _vOnT1Star * x5 - _eOnT1Star * x6;
        x3 = p3 - _vOnT2 * x5;
        x4 = p4 - _vOnT2Star * x5 - _eOnT2Star * x6;
    }

}
