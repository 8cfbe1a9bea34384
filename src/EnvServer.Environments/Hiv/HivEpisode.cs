using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// One episode of hiv: the patient, the integrator and the tallies the observation, info and state need.
/// <see cref="HivEnvironment"/> documents the behaviour; this class carries it out.
/// </summary>
internal sealed class HivEpisode : IEpisode<HivAction>
{
    private readonly HivParameters _patient;
    private readonly HivCohort? _cohort;
    private readonly IHivIntegrator _integrator;
    private readonly SeededRandom _random;
    private readonly bool _monitored;
    private readonly string _initialState;
    private readonly int _maxSteps;
    private readonly bool _earlyTermination;
    private readonly HivRates[] _rates = new HivRates[HivTreatment.Count];
    private HivState _state;
    private int _steps;
    private int _stableSteps;
    private int _lastAction;
    private SafetyCost _cost = SafetyCost.Zero(HivCost.Components);
    private readonly MeasuredValues _measured;

    private HivEpisode(
        HivParameters patient, HivCohort? cohort, IHivIntegrator integrator, SeededRandom random, Realism realism, bool monitored,
        string initialState, int maxSteps, bool earlyTermination)
    {
        _measured = new MeasuredValues(realism, HivSchemas.MeasuredFields);
        _patient = patient;
        _cohort = cohort;
        _integrator = integrator;
        _random = random;
        _monitored = monitored;
        _initialState = initialState;
        _maxSteps = maxSteps;
        _earlyTermination = earlyTermination;
        for (var a = 0; a < HivTreatment.Count; a++) _rates[a] = new HivRates(patient, HivTreatment.Of(a));
        _state = HivOptions.StartOf(initialState).Clipped();
        Info = new HivInfo(integrator.Name, cohort?.Id);
        Observation = Observe();
    }

    public HivObservation Observation { get; private set; }

    public HivInfo Info { get; }

    public SafetyCost Cost => _cost;

    /// <summary>The true clipped state.</summary>
    public HivState State => _state;

    public HivParameters Patient => _patient;

    public static HivEpisode Start(string taskId, ResetOptions options, SeededRandom random, Realism realism)
    {
        HivCohort? cohort = null;
        if (options.GetString(HivOptions.Cohort) is { } cohortId)
        {
            cohort = HivCohortCatalog.Find(cohortId) ?? throw new InvalidInputException(
                HivOptions.Cohort, $"Unknown cohort '{cohortId}'; expected one of: {string.Join(", ", HivCohortCatalog.All.Select(c => c.Id))}", "literal_error");
        }

        IHivIntegrator integrator = options.GetString(HivOptions.Integrator) == FastIntegrator.WireName
            ? new FastIntegrator()
            : new ReferenceEulerIntegrator();
        return new HivEpisode(
            HivPatientFactory.Create(taskId, cohort, random).Varied(realism),
            cohort,
            integrator,
            random,
            realism,
            taskId == HivTasks.ClinicalMonitoring,
            options.GetString(HivOptions.InitialState) ?? HivOptions.Unhealthy,
            options.GetInt32(HivOptions.MaxSteps) ?? HivOptions.DefaultMaxSteps,
            options.GetBoolean(HivOptions.EarlyTermination) ?? false);
    }

    public (double Reward, bool Terminated, bool Truncated) Step(int action)
    {
        if (action is < 0 or >= HivTreatment.Count)
        {
            throw new InvalidInputException(HivSchemas.ActionField, $"The action must be 0, 1, 2 or 3, not {action}.");
        }

        // As the benchmark: reward on the clipped state before the step, integrate from it, clip the result.
        var treatment = HivTreatment.Of(action);
        var reward = HivReward.Of(_state, treatment);
        _cost = HivCost.Of(treatment);
        _state = _integrator.Advance(_state, _rates[action]).Clipped();
        _steps++;
        _lastAction = action;
        _stableSteps = ClinicalStability.IsStable(_state) ? _stableSteps + 1 : 0;
        Observation = Observe();

        var terminated = _earlyTermination && _stableSteps >= ClinicalStability.RequiredSteps;
        return (reward, terminated, !terminated && _steps >= _maxSteps);
    }

    public double Grade(double episodeReturn) => HivGrader.Score(episodeReturn);

    public void WriteStateFields(Utf8JsonWriter writer)
    {
        writer.WriteFloat("t1", _state.T1);
        writer.WriteFloat("t1_star", _state.T1Star);
        writer.WriteFloat("t2", _state.T2);
        writer.WriteFloat("t2_star", _state.T2Star);
        writer.WriteFloat("v", _state.V);
        writer.WriteFloat("e", _state.E);
        writer.WriteFloat("k1", _patient.K1);
        writer.WriteFloat("k2", _patient.K2);
        writer.WriteFloat("f", _patient.F);
        writer.WriteFloat("lambda1", _patient.Lambda1);
        writer.WriteString("cohort", _cohort?.Id);
        writer.WriteString("integrator", _integrator.Name);
        writer.WriteString("initial_state", _initialState);
        writer.WriteNumber("max_steps", _maxSteps);
        writer.WriteBoolean("early_termination", _earlyTermination);
        writer.WriteNumber("stable_steps", _stableSteps);
        writer.WriteNumber("derivative_evaluations", _integrator.Evaluations);
    }

    private HivObservation Observe()
    {
        var treatment = HivTreatment.Of(_lastAction);
        var (cd4, viralLoad) = _monitored ? ClinicalAssay.Measure(_state, _random) : (_state.Cd4, _state.V);
        if (!_measured.Active) return new HivObservation(_monitored ? null : _state, cd4, viralLoad, _lastAction, treatment, null);

        // Realism measurements: the agent sees what was measured this step, as a clinic does; the full state stays hidden.
        _measured.Measure([cd4, viralLoad], _steps);
        var measured = _measured.Current;
        return new HivObservation(null, measured[0], measured[1], _lastAction, treatment, measured);
    }

    IJsonFields IEpisode<HivAction>.Observation => Observation;

    IJsonFields IEpisode<HivAction>.Info => Info;

    (double Reward, bool Terminated, bool Truncated) IEpisode<HivAction>.Step(HivAction action) => Step(action.Index);
}
