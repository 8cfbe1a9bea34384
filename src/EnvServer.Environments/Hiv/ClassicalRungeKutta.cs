namespace EnvServer.Environments.Hiv;

/// <summary>
/// The yardstick for "the exact solution of the ODE", not selectable on the wire: classical fourth-order
/// Runge–Kutta with a fixed step of 1e-4 day (49,990 steps per 4.999-day interval), far inside its stability
/// region (h·25/day = 0.0025), with a truncation error far below the fast mode's. It shares only the right-hand
/// side with the integrators it judges and takes about half a second per 200-step episode. Used by the fast
/// mode's tests and by the <c>hiv-accuracy</c> command of EnvServer.Tools, which prints the README's table.
/// </summary>
internal sealed class ClassicalRungeKutta : IHivIntegrator
{
    public const int StepsPerInterval = 49_990;

    private const double H = FastIntegrator.Interval / StepsPerInterval;

    public string Name => "rk4";

    public long Evaluations { get; private set; }

    public HivState Advance(HivState start, in HivRates r)
    {
        double y1 = start.T1, y2 = start.T1Star, y3 = start.T2, y4 = start.T2Star, y5 = start.V, y6 = start.E;
        for (var i = 0; i < StepsPerInterval; i++)
        {
            r.Derivative(y1, y2, y3, y4, y5, y6, out var a1, out var a2, out var a3, out var a4, out var a5, out var a6);
            const double half = H / 2;
            r.Derivative(y1 + half * a1, y2 + half * a2, y3 + half * a3, y4 + half * a4, y5 + half * a5, y6 + half * a6,
                out var b1, out var b2, out var b3, out var b4, out var b5, out var b6);
            r.Derivative(y1 + half * b1, y2 + half * b2, y3 + half * b3, y4 + half * b4, y5 + half * b5, y6 + half * b6,
                out var c1, out var c2, out var c3, out var c4, out var c5, out var c6);
            r.Derivative(y1 + H * c1, y2 + H * c2, y3 + H * c3, y4 + H * c4, y5 + H * c5, y6 + H * c6,
                out var d1, out var d2, out var d3, out var d4, out var d5, out var d6);
            const double sixth = H / 6;
            y1 += sixth * (a1 + 2 * (b1 + c1) + d1);
            y2 += sixth * (a2 + 2 * (b2 + c2) + d2);
            y3 += sixth * (a3 + 2 * (b3 + c3) + d3);
            y4 += sixth * (a4 + 2 * (b4 + c4) + d4);
            y5 += sixth * (a5 + 2 * (b5 + c5) + d5);
            y6 += sixth * (a6 + 2 * (b6 + c6) + d6);
        }

        Evaluations += 4L * StepsPerInterval;
        return new HivState(y1, y2, y3, y4, y5, y6);
    }
}
