using System.Runtime.CompilerServices;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// The fast mode: the Bogacki–Shampine 3(2) embedded Runge–Kutta pair (MATLAB's <c>ode23</c>; 3 right-hand-side
/// evaluations per step thanks to first-same-as-last) with adaptive step size, over the same 4.999-day control
/// interval as the reference, so the two differ only by the integrator.
/// <para>
/// Tolerances: a step is accepted when max_i |err_i| / (atol_i + rtol·max(|y_i|, |y_i'|)) ≤ 1, with
/// rtol = <see cref="RelativeTolerance"/> (1e-5) and atol_i = <see cref="AbsoluteToleranceScale"/> (1e-8) times
/// variable i's clipping bound (1e6 for T1 … 80 for T2*). The next step is h·min(2, max(0.2, 0.9·err^(−1/3))),
/// never growing right after a rejection, and never above <see cref="StabilityFactor"/> / stiffness; the last full
/// step size carries over to the next interval (an episode starts from <see cref="InitialStep"/>). The model is
/// mildly stiff (virion clearance c = 13/day, k2·V up to 25/day), so the step size is set by stability rather than
/// accuracy: 88–187 evaluations per interval instead of the reference's 4999. A third-order pair beats
/// Dormand–Prince 5(4) here because DP5 spends 6 evaluations per step for only a slightly larger stability interval
/// (about 140 evaluations per interval).
/// </para>
/// <para>
/// Accuracy, measured against a tight solve of the exact ODE (this pair at rtol 1e-12, which agrees with classical
/// RK4 at h = 1e-4 day to 1e-11): 200-step returns within 1e-5 relative for never-treat, always-both, the clinical
/// rule, on/off cycling and random policies, while the reference Euler scheme itself is up to 7e-4 away from the
/// exact solution. The README's fast-mode table lists the figures; HivFastModeTests checks them.
/// </para>
/// </summary>
internal sealed class FastIntegrator(double relativeTolerance = FastIntegrator.RelativeTolerance, double absoluteToleranceScale = FastIntegrator.AbsoluteToleranceScale)
    : IHivIntegrator
{
    public const string WireName = "fast";

    /// <summary>rtol of the error test.</summary>
    public const double RelativeTolerance = 1e-5;

    /// <summary>atol_i = this × the clipping bound of variable i.</summary>
    public const double AbsoluteToleranceScale = 1e-8;

    /// <summary>
    /// Steps are capped at this over the stiffness (<see cref="Stiffness"/>): 90 % of the pair's real stability
    /// boundary 2.51. Without the cap the controller grows the step past stability and pays a rejection every few
    /// steps; with it, about 8 % fewer evaluations and no rejections on a constant treatment.
    /// </summary>
    public const double StabilityFactor = 2.3;

    /// <summary>First trial step of an episode, days.</summary>
    public const double InitialStep = 0.05;

    /// <summary>Length of a control interval, days: the benchmark's 4999 Euler steps of 1e-3.</summary>
    public const double Interval = ReferenceEulerIntegrator.SubSteps * ReferenceEulerIntegrator.H;

    // Bogacki–Shampine: third-order weights b and the difference b − b* to the embedded second-order solution.
    private const double B1 = 2.0 / 9, B2 = 1.0 / 3, B3 = 4.0 / 9;
    private const double E1 = 7.0 / 24 - B1, E2 = 1.0 / 4 - B2, E3 = 1.0 / 3 - B3, E4 = 1.0 / 8;

    private readonly double _rtol = relativeTolerance;
    private readonly double _atol1 = absoluteToleranceScale * HivState.Upper.T1;
    private readonly double _atol2 = absoluteToleranceScale * HivState.Upper.T1Star;
    private readonly double _atol3 = absoluteToleranceScale * HivState.Upper.T2;
    private readonly double _atol4 = absoluteToleranceScale * HivState.Upper.T2Star;
    private readonly double _atol5 = absoluteToleranceScale * HivState.Upper.V;
    private readonly double _atol6 = absoluteToleranceScale * HivState.Upper.E;
    private double _step = InitialStep;

    public string Name => WireName;

    public long Evaluations { get; private set; }

    /// <summary>
    /// Everything in scalar locals (six per stage) so that the JIT keeps the stages in registers; the loop allocates
    /// nothing. The step-size factor avoids Math.Cbrt and divisions (<see cref="StepFactor"/>) because it lies on
    /// the critical path from one step to the next.
    /// </summary>
    public HivState Advance(HivState start, in HivRates r)
    {
        double y1 = start.T1, y2 = start.T1Star, y3 = start.T2, y4 = start.T2Star, y5 = start.V, y6 = start.E;
        Derivative(r, y1, y2, y3, y4, y5, y6, out var a1, out var a2, out var a3, out var a4, out var a5, out var a6);
        var evaluations = 1L;
        double t = 0, h = Math.Min(_step, Interval);
        var justRejected = false;
        while (true)
        {
            h = Math.Min(h, StabilityFactor / Stiffness(r, y1, y3, y5, y6));
            var last = t + h >= Interval * (1 - 1e-12);
            if (last) h = Interval - t;

            var half = 0.5 * h;
            Derivative(r, y1 + half * a1, y2 + half * a2, y3 + half * a3, y4 + half * a4, y5 + half * a5, y6 + half * a6,
                out var b1, out var b2, out var b3, out var b4, out var b5, out var b6);
            var threeQuarters = 0.75 * h;
            Derivative(r, y1 + threeQuarters * b1, y2 + threeQuarters * b2, y3 + threeQuarters * b3, y4 + threeQuarters * b4, y5 + threeQuarters * b5, y6 + threeQuarters * b6,
                out var c1, out var c2, out var c3, out var c4, out var c5, out var c6);
            var n1 = y1 + h * (B1 * a1 + B2 * b1 + B3 * c1);
            var n2 = y2 + h * (B1 * a2 + B2 * b2 + B3 * c2);
            var n3 = y3 + h * (B1 * a3 + B2 * b3 + B3 * c3);
            var n4 = y4 + h * (B1 * a4 + B2 * b4 + B3 * c4);
            var n5 = y5 + h * (B1 * a5 + B2 * b5 + B3 * c5);
            var n6 = y6 + h * (B1 * a6 + B2 * b6 + B3 * c6);
            Derivative(r, n1, n2, n3, n4, n5, n6, out var d1, out var d2, out var d3, out var d4, out var d5, out var d6);
            evaluations += 3;

            var error = Math.Max(
                Math.Max(
                    Math.Max(Scaled(h * (E1 * a1 + E2 * b1 + E3 * c1 + E4 * d1), y1, n1, _atol1), Scaled(h * (E1 * a2 + E2 * b2 + E3 * c2 + E4 * d2), y2, n2, _atol2)),
                    Math.Max(Scaled(h * (E1 * a3 + E2 * b3 + E3 * c3 + E4 * d3), y3, n3, _atol3), Scaled(h * (E1 * a4 + E2 * b4 + E3 * c4 + E4 * d4), y4, n4, _atol4))),
                Math.Max(Scaled(h * (E1 * a5 + E2 * b5 + E3 * c5 + E4 * d5), y5, n5, _atol5), Scaled(h * (E1 * a6 + E2 * b6 + E3 * c6 + E4 * d6), y6, n6, _atol6)));
            var factor = StepFactor(error);

            if (error <= 1)
            {
                (y1, y2, y3, y4, y5, y6) = (n1, n2, n3, n4, n5, n6);
                (a1, a2, a3, a4, a5, a6) = (d1, d2, d3, d4, d5, d6);
                if (last)
                {
                    // Carry the last full step, not the final stub that only reached the interval's end.
                    _step = Math.Max(_step, h);
                    break;
                }

                t += h;
                h *= justRejected ? Math.Min(factor, 1.0) : factor;
                _step = h;
                justRejected = false;
            }
            else
            {
                h *= Math.Min(factor, 0.9);
                justRejected = true;
            }
        }

        Evaluations += evaluations;
        return new HivState(y1, y2, y3, y4, y5, y6);
    }

    /// <summary>
    /// 0.9·error^(−1/3) clamped to [0.2, 2] (the clamp bites below error 0.091 and above 91). error^(−1/3) comes
    /// from the classic bit-level first guess (exponent divided by −3) and two division-free Newton steps
    /// y ← y·(4 − x·y³)/3, within 2e-5 relative on [0.09, 91]: ample for a step-size heuristic, deterministic, and
    /// several times cheaper than Math.Cbrt.
    /// </summary>
    internal static double StepFactor(double error)
    {
        if (!(error > 0.0911)) return 2.0;
        if (error >= 91.0) return 0.2;
        var y = BitConverter.Int64BitsToDouble(0x553EF0FF289DD796 - BitConverter.DoubleToInt64Bits(error) / 3);
        y *= (4.0 - error * y * y * y) * (1.0 / 3);
        y *= (4.0 - error * y * y * y) * (1.0 / 3);
        return Math.Clamp(0.9 * y, 0.2, 2.0);
    }

    /// <summary>
    /// The largest decay rate on the Jacobian's diagonal (per day): virion clearance c + ρ1k1'·T1 + ρ2k2'·T2, loss of
    /// healthy macrophages d2 + k2'·V, or loss of infected cells δ + m·E, with the treatment's effective k1', k2'.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Stiffness(in HivRates r, double t1, double t2, double v, double e) =>
        Math.Max(Math.Max(r.C + r.Rho1K1Eff * t1 + r.Rho2K2Eff * t2, r.D2 + r.K2Eff * v), r.Delta + Math.Max(r.M1, r.M2) * e);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Scaled(double error, double before, double after, double atol) =>
        Math.Abs(error) / (atol + _rtol * Math.Max(Math.Abs(before), Math.Abs(after)));

    /// <summary>The right-hand side of <see cref="HivRates"/>, with the effector term over one division; inlined, so the outs stay in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Derivative(
        in HivRates r, double t1, double t1s, double t2, double t2s, double v, double e,
        out double dt1, out double dt1s, out double dt2, out double dt2s, out double dv, out double de)
    {
        var infection1 = r.K1Eff * v * t1;
        var infection2 = r.K2Eff * v * t2;
        var infected = t1s + t2s;
        var birth = infected + r.Kb;
        var death = infected + r.Kd;
        dt1 = r.Lambda1 - r.D1 * t1 - infection1;
        dt1s = infection1 - r.Delta * t1s - r.M1 * e * t1s;
        dt2 = r.Lambda2 - r.D2 * t2 - infection2;
        dt2s = infection2 - r.Delta * t2s - r.M2 * e * t2s;
        dv = r.Production * infected - r.C * v - (r.Rho1K1Eff * t1 + r.Rho2K2Eff * t2) * v;
        de = r.LambdaE + infected * e * (r.BE * death - r.DE * birth) / (birth * death) - r.DeltaE * e;
    }
}
