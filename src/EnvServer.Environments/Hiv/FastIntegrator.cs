using System.Runtime.CompilerServices;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// The fast mode: RODAS4, the stiffly accurate, L-stable Rosenbrock method of order 4 with an embedded order-3
/// error estimate (Hairer &amp; Wanner, Solving ODEs II, §IV.7; coefficients as in KPP's <c>Rodas4</c>), with
/// adaptive step size over the same 4.999-day control interval as the reference, so the two differ only by the
/// integrator.
/// <para>
/// Why a linearly implicit method: the model is stiff (virion clearance c = 13/day coupled to the infected cells
/// through N·δ = 70/day, k2'·V up to 25/day), so explicit methods are held to steps of about 0.1 day by stability
/// alone. A Rosenbrock method solves one linear system with W = I/(γh) − J per stage (J the analytic Jacobian,
/// <see cref="RosenbrockMatrix"/>) and takes steps set by accuracy only: one step per interval near a steady state
/// (never treating the default patient), 7–13 when a treatment change or a viral rebound moves the state.
/// </para>
/// <para>
/// Cost: a step is 6 right-hand sides, 1 Jacobian (counted as one more evaluation in <see cref="Evaluations"/>),
/// one elimination of W and 6 solves with it. Everything stays in scalar locals and nothing is allocated.
/// </para>
/// <para>
/// Error control: a step is accepted when max_i |err_i| / (atol_i + rtol·max(|y_i|, |y_i'|)) ≤ 1, err the
/// difference of the order-4 and order-3 solutions, rtol = <see cref="RelativeTolerance"/> (1e-3) and
/// atol_i = <see cref="AbsoluteToleranceScale"/> (1e-12) × variable i's clipping bound, so the test is relative in
/// practice: a patient whose virus falls to 1e-10 copies/mL before rebounding is followed as closely as one in
/// the usual range (with atol at 1e-5 × the bound, one such patient's return came out 12 % off).
/// The next step is h·min(6, max(0.2, 0.9·err^(−1/4))), not grown right after a rejection and cut tenfold after
/// two in a row. The step size carries over to the next interval, except that the first step after a change of
/// treatment is at most <see cref="SwitchStep"/>, because the new drug moves V at rate c at once.
/// </para>
/// <para>
/// Accuracy, measured against classical RK4 at h = 1e-4 day: 200-step returns within 3e-5 relative for the
/// default patient under never, both, the clinical rule, on/off cycling and random policies; the README's
/// fast-mode section has the figures, randomised patients included, and HivFastModeTests checks them.
/// </para>
/// </summary>
internal sealed class FastIntegrator(double relativeTolerance = FastIntegrator.RelativeTolerance, double absoluteToleranceScale = FastIntegrator.AbsoluteToleranceScale)
    : IHivIntegrator
{
    public const string WireName = "fast";

    /// <summary>rtol of the error test.</summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>atol_i = this × the clipping bound of variable i; it only keeps an empty compartment from dividing by zero.</summary>
    public const double AbsoluteToleranceScale = 1e-12;

    /// <summary>Largest first step after a change of treatment (and at the start of an episode), days.</summary>
    public const double SwitchStep = 0.03;

    /// <summary>Right-hand sides plus the Jacobian per attempted step.</summary>
    public const int EvaluationsPerStep = 7;

    /// <summary>Length of a control interval, days: the benchmark's 4999 Euler steps of 1e-3.</summary>
    public const double Interval = ReferenceEulerIntegrator.SubSteps * ReferenceEulerIntegrator.H;

    // RODAS4: γ, the stage coefficients a_ij and c_ij of the form
    // W·k_i = f(y + Σ a_ij·k_j) + Σ (c_ij/h)·k_j, with y_new = y + Σ a_5j·k_j + k_5 + k_6 and the error estimate k_6.
    private const double Gamma = 0.25;
    private const double A21 = 1.544;
    private const double A31 = 0.9466785280815826, A32 = 0.2557011698983284;
    private const double A41 = 3.314825187068521, A42 = 2.896124015972201, A43 = 0.9986419139977817;
    private const double A51 = 1.221224509226641, A52 = 6.019134481288629, A53 = 12.53708332932087, A54 = -0.6878860361058950;
    private const double C21 = -5.6688;
    private const double C31 = -2.430093356833875, C32 = -0.2063599157091915;
    private const double C41 = -0.1073529058151375, C42 = -9.594562251023355, C43 = -20.47028614809616;
    private const double C51 = 7.496443313967647, C52 = -10.24680431464352, C53 = -33.99990352819905, C54 = 11.70890893206160;
    private const double C61 = 8.083246795921522, C62 = -7.981132988064893, C63 = -31.52159432874371, C64 = 16.31930543123136, C65 = -6.058818238834054;

    private const double Safety = 0.9, MaxGrowth = 6, MaxShrink = 0.2, RepeatedRejectionShrink = 0.1;

    private readonly double _rtol = relativeTolerance;
    private readonly double _atol1 = absoluteToleranceScale * HivState.Upper.T1;
    private readonly double _atol2 = absoluteToleranceScale * HivState.Upper.T1Star;
    private readonly double _atol3 = absoluteToleranceScale * HivState.Upper.T2;
    private readonly double _atol4 = absoluteToleranceScale * HivState.Upper.T2Star;
    private readonly double _atol5 = absoluteToleranceScale * HivState.Upper.V;
    private readonly double _atol6 = absoluteToleranceScale * HivState.Upper.E;
    private double _step = SwitchStep;

    // The treatment of the previous interval, recognised by the two coefficients the efficacies change.
    private double _lastK1Eff = double.NaN, _lastProduction = double.NaN;

    public string Name => WireName;

    public long Evaluations { get; private set; }

    public HivState Advance(HivState start, in HivRates r)
    {
        double y1 = start.T1, y2 = start.T1Star, y3 = start.T2, y4 = start.T2Star, y5 = start.V, y6 = start.E;
        double t = 0, h = Math.Min(_step, Interval);
        if (r.K1Eff != _lastK1Eff || r.Production != _lastProduction) h = Math.Min(h, SwitchStep);
        (_lastK1Eff, _lastProduction) = (r.K1Eff, r.Production);
        var steps = 0L;
        var justRejected = false;
        while (true)
        {
            var last = t + h >= Interval * (1 - 1e-12);
            if (last) h = Interval - t;
            steps++;

            var perStep = 1 / h;
            var w = new RosenbrockMatrix(r, y1, y2, y3, y4, y5, y6, perStep / Gamma);
            double c21 = C21 * perStep, c31 = C31 * perStep, c32 = C32 * perStep, c41 = C41 * perStep, c42 = C42 * perStep, c43 = C43 * perStep;
            double c51 = C51 * perStep, c52 = C52 * perStep, c53 = C53 * perStep, c54 = C54 * perStep;
            double c61 = C61 * perStep, c62 = C62 * perStep, c63 = C63 * perStep, c64 = C64 * perStep, c65 = C65 * perStep;

            // Stage s: W·k_s = f(y + Σ a_sj·k_j) + Σ (c_sj/h)·k_j. The c-terms are summed first and f added last,
            // so that the chain from f to the solve is one addition.
            w.Stage(r, y1, y2, y3, y4, y5, y6, 0, 0, 0, 0, 0, 0, out var k11, out var k12, out var k13, out var k14, out var k15, out var k16);

            w.Stage(
                r,
                Fma(A21, k11, y1), Fma(A21, k12, y2), Fma(A21, k13, y3), Fma(A21, k14, y4), Fma(A21, k15, y5), Fma(A21, k16, y6),
                c21 * k11, c21 * k12, c21 * k13, c21 * k14, c21 * k15, c21 * k16,
                out var k21, out var k22, out var k23, out var k24, out var k25, out var k26);

            w.Stage(
                r,
                Fma(A32, k21, Fma(A31, k11, y1)), Fma(A32, k22, Fma(A31, k12, y2)), Fma(A32, k23, Fma(A31, k13, y3)),
                Fma(A32, k24, Fma(A31, k14, y4)), Fma(A32, k25, Fma(A31, k15, y5)), Fma(A32, k26, Fma(A31, k16, y6)),
                Fma(c32, k21, c31 * k11), Fma(c32, k22, c31 * k12), Fma(c32, k23, c31 * k13),
                Fma(c32, k24, c31 * k14), Fma(c32, k25, c31 * k15), Fma(c32, k26, c31 * k16),
                out var k31, out var k32, out var k33, out var k34, out var k35, out var k36);

            w.Stage(
                r,
                Fma(A43, k31, Fma(A42, k21, Fma(A41, k11, y1))), Fma(A43, k32, Fma(A42, k22, Fma(A41, k12, y2))),
                Fma(A43, k33, Fma(A42, k23, Fma(A41, k13, y3))), Fma(A43, k34, Fma(A42, k24, Fma(A41, k14, y4))),
                Fma(A43, k35, Fma(A42, k25, Fma(A41, k15, y5))), Fma(A43, k36, Fma(A42, k26, Fma(A41, k16, y6))),
                Fma(c43, k31, Fma(c42, k21, c41 * k11)), Fma(c43, k32, Fma(c42, k22, c41 * k12)),
                Fma(c43, k33, Fma(c42, k23, c41 * k13)), Fma(c43, k34, Fma(c42, k24, c41 * k14)),
                Fma(c43, k35, Fma(c42, k25, c41 * k15)), Fma(c43, k36, Fma(c42, k26, c41 * k16)),
                out var k41, out var k42, out var k43, out var k44, out var k45, out var k46);

            // Stage 5's argument z; stage 6's is the embedded order-3 solution u = z + k5, and the order-4 solution is
            // u + k6, so k6 is the error estimate.
            var z1 = Fma(A54, k41, Fma(A53, k31, Fma(A52, k21, Fma(A51, k11, y1))));
            var z2 = Fma(A54, k42, Fma(A53, k32, Fma(A52, k22, Fma(A51, k12, y2))));
            var z3 = Fma(A54, k43, Fma(A53, k33, Fma(A52, k23, Fma(A51, k13, y3))));
            var z4 = Fma(A54, k44, Fma(A53, k34, Fma(A52, k24, Fma(A51, k14, y4))));
            var z5 = Fma(A54, k45, Fma(A53, k35, Fma(A52, k25, Fma(A51, k15, y5))));
            var z6 = Fma(A54, k46, Fma(A53, k36, Fma(A52, k26, Fma(A51, k16, y6))));
            w.Stage(
                r,
                z1, z2, z3, z4, z5, z6,
                Fma(c54, k41, Fma(c53, k31, Fma(c52, k21, c51 * k11))), Fma(c54, k42, Fma(c53, k32, Fma(c52, k22, c51 * k12))),
                Fma(c54, k43, Fma(c53, k33, Fma(c52, k23, c51 * k13))), Fma(c54, k44, Fma(c53, k34, Fma(c52, k24, c51 * k14))),
                Fma(c54, k45, Fma(c53, k35, Fma(c52, k25, c51 * k15))), Fma(c54, k46, Fma(c53, k36, Fma(c52, k26, c51 * k16))),
                out var k51, out var k52, out var k53, out var k54, out var k55, out var k56);

            double u1 = z1 + k51, u2 = z2 + k52, u3 = z3 + k53, u4 = z4 + k54, u5 = z5 + k55, u6 = z6 + k56;
            w.Stage(
                r,
                u1, u2, u3, u4, u5, u6,
                Fma(c65, k51, Fma(c64, k41, Fma(c63, k31, Fma(c62, k21, c61 * k11)))),
                Fma(c65, k52, Fma(c64, k42, Fma(c63, k32, Fma(c62, k22, c61 * k12)))),
                Fma(c65, k53, Fma(c64, k43, Fma(c63, k33, Fma(c62, k23, c61 * k13)))),
                Fma(c65, k54, Fma(c64, k44, Fma(c63, k34, Fma(c62, k24, c61 * k14)))),
                Fma(c65, k55, Fma(c64, k45, Fma(c63, k35, Fma(c62, k25, c61 * k15)))),
                Fma(c65, k56, Fma(c64, k46, Fma(c63, k36, Fma(c62, k26, c61 * k16)))),
                out var e1, out var e2, out var e3, out var e4, out var e5, out var e6);

            double n1 = u1 + e1, n2 = u2 + e2, n3 = u3 + e3, n4 = u4 + e4, n5 = u5 + e5, n6 = u6 + e6;
            var error = Math.Max(
                Math.Max(Math.Max(Scaled(e1, y1, n1, _atol1), Scaled(e2, y2, n2, _atol2)), Math.Max(Scaled(e3, y3, n3, _atol3), Scaled(e4, y4, n4, _atol4))),
                Math.Max(Scaled(e5, y5, n5, _atol5), Scaled(e6, y6, n6, _atol6)));

            if (error <= 1)
            {
                (y1, y2, y3, y4, y5, y6) = (n1, n2, n3, n4, n5, n6);
                if (last)
                {
                    // Carry the proposal made before the final step, which was only cut to reach the interval's end.
                    _step = Math.Max(_step, h);
                    break;
                }

                t += h;
                var factor = Math.Min(MaxGrowth, Safety / Math.Sqrt(Math.Sqrt(error)));
                h *= justRejected ? Math.Min(factor, 1.0) : factor;
                _step = h;
                justRejected = false;
            }
            else
            {
                // A NaN or infinite error (a wild trial step) fails the test above and is treated as a repeated rejection.
                h *= justRejected || !double.IsFinite(error) ? RepeatedRejectionShrink : Math.Max(MaxShrink, Safety / Math.Sqrt(Math.Sqrt(error)));
                justRejected = true;
            }
        }

        Evaluations += EvaluationsPerStep * steps;
        return new HivState(y1, y2, y3, y4, y5, y6);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Scaled(double error, double before, double after, double atol) =>
        Math.Abs(error) / (atol + _rtol * Math.Max(Math.Abs(before), Math.Abs(after)));
}
