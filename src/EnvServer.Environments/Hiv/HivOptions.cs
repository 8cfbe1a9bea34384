using EnvServer.Environments.Core;
using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Hiv;

/// <summary>hiv's own reset options, checked by the server against these schemas before reset.</summary>
internal static class HivOptions
{
    public const string Integrator = "integrator";
    public const string Cohort = "cohort";
    public const string InitialState = "initial_state";
    public const string EarlyTermination = "early_termination";
    public const string MaxSteps = "max_steps";

    public const string Unhealthy = "unhealthy";
    public const string Healthy = "healthy";
    public const string Uninfected = "uninfected";

    /// <summary>The benchmark's episode length.</summary>
    public const int DefaultMaxSteps = 200;

    public static IReadOnlyList<FieldSchema> Fields { get; } =
    [
        new FieldSchema(Integrator, FieldType.String,
            "'reference' (default): the benchmark's forward Euler, h = 1e-3 day, 4999 sub-steps per step. " +
            "'fast': RODAS4, an adaptive L-stable Rosenbrock method with the analytic Jacobian, rtol 1e-3: 7 model evaluations per step near a steady state, " +
            "about 75 when the treatment switches (the reference: 4999); returns within 3e-5 of the exact ODE solution for the default patient, whose reference returns are up to 1.1e-3 off it.")
        {
            AllowedValues = [ReferenceEulerIntegrator.WireName, FastIntegrator.WireName],
        }.WithDefault(ReferenceEulerIntegrator.WireName),
        new FieldSchema(Cohort, FieldType.String,
            "Draw the patient from a named cohort of data/hiv/cohorts.json (k1, k2, f, λ1 uniform in the cohort's ranges) instead of the task's patient, " +
            "so federated clients can simulate hospitals with different populations. Null: the task's patient.")
        {
            Nullable = true,
            AllowedValues = HivCohortCatalog.All.Select(c => c.Id).ToArray(),
        }.WithDefault(null),
        new FieldSchema(InitialState, FieldType.String,
            "Starting state, one of the benchmark's modes: 'unhealthy' (default, the untreated infected steady state), 'healthy' or 'uninfected'.")
        {
            AllowedValues = [Unhealthy, Healthy, Uninfected],
        }.WithDefault(Unhealthy),
        new FieldSchema(EarlyTermination, FieldType.Boolean,
            "Terminate once the patient has been clinically stable for 10 consecutive steps (V ≤ 1000, T1* ≤ 100, T1 + T1* ≥ 5e5). Off by default, as in the benchmark.")
            .WithDefault(false),
        new FieldSchema(MaxSteps, FieldType.Integer, "Steps (of 5 days) after which the episode is truncated; the benchmark's 200 by default.")
        {
            Minimum = 1,
            Maximum = 10000,
        }.WithDefault(DefaultMaxSteps),
        .. Realism.Fields(clock: true),
    ];

    public static HivState StartOf(string mode) => mode switch
    {
        Healthy => HivState.Healthy,
        Uninfected => HivState.Uninfected,
        _ => HivState.Unhealthy,
    };
}
