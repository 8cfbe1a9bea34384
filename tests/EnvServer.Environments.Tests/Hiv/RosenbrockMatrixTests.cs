using EnvServer.Environments.Hiv;

namespace EnvServer.Environments.Tests.Hiv;

/// <summary>The fast mode's linear algebra: the analytic Jacobian and its structured elimination.</summary>
public class RosenbrockMatrixTests
{
    // Untreated steady state, immune control, a viral rebound under way, and an almost eradicated infection.
    public static TheoryData<double[], int> States => new()
    {
        { [163573.0, 11945.0, 5.0, 46.0, 63919.0, 24.0], HivAction.None },
        { [967839.0, 76.0, 621.0, 6.0, 415.0, 353108.0], HivAction.Both },
        { [4.8e5, 2.0e3, 1.4e2, 87.0, 9.8e3, 111.0], HivAction.None },
        { [7.5e5, 3e-9, 3.1e3, 7e-10, 1e-8, 10.0], HivAction.ReverseTranscriptaseInhibitor },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Solve_AnyState_InvertsDiagonalShiftMinusFiniteDifferenceJacobian(double[] y, int action)
    {
        var rates = new HivRates(HivParameters.Default, HivTreatment.Of(action));
        const double g = 1 / (0.25 * 0.3); // 1/(γh) of RODAS4 at h = 0.3 day
        var w = Shifted(g, FiniteDifferenceJacobian(rates, y));
        double[] b = [3e3, -2e2, 5.0, -0.4, 7e3, 40.0];

        var matrix = new RosenbrockMatrix(rates, y[0], y[1], y[2], y[3], y[4], y[5], g);
        matrix.Solve(b[0], b[1], b[2], b[3], b[4], b[5], out var x1, out var x2, out var x3, out var x4, out var x5, out var x6);
        double[] x = [x1, x2, x3, x4, x5, x6];

        for (var i = 0; i < 6; i++)
        {
            var product = 0.0;
            var magnitude = Math.Abs(b[i]);
            for (var j = 0; j < 6; j++)
            {
                product += w[i, j] * x[j];
                magnitude += Math.Abs(w[i, j] * x[j]);
            }

            Assert.True(Math.Abs(product - b[i]) <= 1e-7 * magnitude, $"row {i}: (W·x) = {product:R}, b = {b[i]:R}");
        }
    }

    private static double[,] Shifted(double g, double[,] jacobian)
    {
        var w = new double[6, 6];
        for (var i = 0; i < 6; i++)
        {
            for (var j = 0; j < 6; j++) w[i, j] = (i == j ? g : 0) - jacobian[i, j];
        }

        return w;
    }

    /// <summary>Central differences of the right-hand side, column by column: independent of the analytic Jacobian.</summary>
    private static double[,] FiniteDifferenceJacobian(in HivRates rates, double[] y)
    {
        var jacobian = new double[6, 6];
        for (var j = 0; j < 6; j++)
        {
            var delta = 1e-6 * Math.Max(Math.Abs(y[j]), 1.0);
            var up = (double[])y.Clone();
            var down = (double[])y.Clone();
            up[j] += delta;
            down[j] -= delta;
            var fUp = Derivative(rates, up);
            var fDown = Derivative(rates, down);
            for (var i = 0; i < 6; i++) jacobian[i, j] = (fUp[i] - fDown[i]) / (2 * delta);
        }

        return jacobian;
    }

    private static double[] Derivative(in HivRates rates, double[] y)
    {
        rates.Derivative(y[0], y[1], y[2], y[3], y[4], y[5], out var d1, out var d2, out var d3, out var d4, out var d5, out var d6);
        return [d1, d2, d3, d4, d5, d6];
    }
}
