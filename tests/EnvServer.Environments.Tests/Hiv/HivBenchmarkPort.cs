namespace EnvServer.Environments.Tests.Hiv;

/// <summary>
/// A literal, independent transcription of the benchmark's <c>HIVPatient</c> (RL-MVA <c>src/env_hiv.py</c>):
/// <c>der</c>, <c>transition</c> (4999 Euler steps of 1e-3), <c>reward</c> and <c>step</c>, operation for operation
/// in Python's order, with clipping. It shares no code with the environment, so the environment's faster,
/// regrouped integrator is checked against the benchmark itself.
/// </summary>
internal sealed class HivBenchmarkPort(double k1 = 8e-7, double k2 = 1e-4, double f = 0.34)
{
    private static readonly double[][] ActionSet = [[0.0, 0.0], [0.0, 0.3], [0.7, 0.0], [0.7, 0.3]];
    private static readonly double[] Upper = [1e6, 5e4, 3200.0, 80.0, 2.5e5, 353200.0];

    private readonly double _lambda1 = 1e4, _d1 = 1e-2, _m1 = 1e-5, _rho1 = 1;
    private readonly double _lambda2 = 31.98, _d2 = 1e-2, _m2 = 1e-5, _rho2 = 1;
    private readonly double _delta = 0.7, _nt = 100, _c = 13;
    private readonly double _lambdaE = 1, _bE = 0.3, _kb = 100, _dE = 0.25, _kd = 500, _deltaE = 0.1;

    public double[] Raw { get; private set; } = [163573.0, 11945.0, 5.0, 46.0, 63919.0, 24.0];

    public double[] ClippedState() => Raw.Select((x, i) => Math.Min(Math.Max(x, 0.0), Upper[i])).ToArray();

    /// <summary>HIVPatient.step: returns (clipped next state, reward).</summary>
    public (double[] State, double Reward) Step(int actionIndex)
    {
        var state = ClippedState();
        var action = ActionSet[actionIndex];
        var state2 = Transition(state, action, 4999);
        var reward = -(0.1 * state[4] + 20000.0 * Math.Pow(action[0], 2) + 20000.0 * Math.Pow(action[1], 2) - 1000.0 * state[5]);
        Raw = state2.Select((x, i) => Math.Min(Math.Max(x, 0.0), Upper[i])).ToArray();
        return (Raw, reward);
    }

    private double[] Transition(double[] state, double[] action, int steps)
    {
        // state1 = state0 + der * 1e-3, element by element; two buffers instead of numpy's fresh arrays.
        var state0 = (double[])state.Clone();
        var state1 = new double[6];
        var der = new double[6];
        for (var i = 0; i < steps; i++)
        {
            Der(state0, action, der);
            for (var j = 0; j < 6; j++) state1[j] = state0[j] + der[j] * 1e-3;
            (state0, state1) = (state1, state0);
        }

        return state0;
    }

    private void Der(double[] s, double[] action, double[] der)
    {
        double t1 = s[0], t1s = s[1], t2 = s[2], t2s = s[3], v = s[4], e = s[5];
        double eps1 = action[0], eps2 = action[1];
        var t1Dot = _lambda1 - _d1 * t1 - k1 * (1 - eps1) * v * t1;
        var t1sDot = k1 * (1 - eps1) * v * t1 - _delta * t1s - _m1 * e * t1s;
        var t2Dot = _lambda2 - _d2 * t2 - k2 * (1 - f * eps1) * v * t2;
        var t2sDot = k2 * (1 - f * eps1) * v * t2 - _delta * t2s - _m2 * e * t2s;
        var vDot = _nt * _delta * (1 - eps2) * (t1s + t2s) - _c * v - (_rho1 * k1 * (1 - eps1) * t1 + _rho2 * k2 * (1 - f * eps1) * t2) * v;
        var eDot = _lambdaE + _bE * (t1s + t2s) * e / (t1s + t2s + _kb) - _dE * (t1s + t2s) * e / (t1s + t2s + _kd) - _deltaE * e;
        der[0] = t1Dot;
        der[1] = t1sDot;
        der[2] = t2Dot;
        der[3] = t2sDot;
        der[4] = vDot;
        der[5] = eDot;
    }
}
