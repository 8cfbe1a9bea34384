namespace EnvServer.Training.Algorithms;

/// <summary>
/// Turns one session's steps into n-step transitions (Sutton 1988; Hessel et al. 2018): from (s_t, a_t) the reward
/// Σ_{k&lt;n} γᵏ r_{t+k} and the bootstrap s_{t+n} with discount γⁿ. At an episode's end every pending step is emitted
/// with the rewards left: a terminated episode bootstraps nothing, a truncated one bootstraps from its final
/// observation (the time limit is not part of the state). n = 1 gives ordinary one-step transitions.
/// </summary>
internal sealed class NStepAccumulator(int n, float gamma)
{
    private readonly Queue<(float[] Observation, int Action, float Reward)> _pending = new();

    /// <summary>Adds step t and returns the transitions that became complete.</summary>
    public IReadOnlyList<Transition> Add(float[] observation, int action, float reward, float[] nextObservation, bool terminated, bool truncated)
    {
        _pending.Enqueue((observation, action, reward));
        var complete = new List<Transition>();
        if (terminated || truncated)
        {
            while (_pending.Count > 0) complete.Add(Emit(nextObservation, terminated));
        }
        else if (_pending.Count == n)
        {
            complete.Add(Emit(nextObservation, terminated: false));
        }

        return complete;
    }

    private Transition Emit(float[] bootstrapObservation, bool terminated)
    {
        var steps = _pending.Count;
        var (observation, action, _) = _pending.Peek();
        var reward = 0f;
        var discount = 1f;
        foreach (var (_, _, r) in _pending)
        {
            reward += discount * r;
            discount *= gamma;
        }

        _pending.Dequeue();
        return new Transition(observation, action, reward, bootstrapObservation, terminated, terminated ? 0f : MathF.Pow(gamma, steps));
    }
}
