namespace EnvServer.Tools.Replicas;

/// <summary>Plays drug-dose episodes (fixed_patient, 100 steps) at once, noting which replica served each session.</summary>
internal sealed class ReplicaSessionDriver(IReplicaConnector connector, int stepsBeforePause)
{
    private static readonly object Dose = new { dose = 0.5 };

    /// <summary>
    /// Runs <paramref name="count"/> episodes at once. With a <paramref name="pause"/>, each episode stops after
    /// <c>stepsBeforePause</c> steps until the pause's gate opens.
    /// </summary>
    public Task<SessionOutcome[]> RunAsync(int firstSeed, int count, Pause? pause) =>
        Task.WhenAll(Enumerable.Range(firstSeed, count).Select(seed => Task.Run(() => RunEpisodeAsync(seed, pause))));

    private async Task<SessionOutcome> RunEpisodeAsync(int seed, Pause? pause)
    {
        string[] tried = [];
        var steps = 0;
        var arrived = pause is null;
        try
        {
            var session = await connector.OpenAsync();
            await using var _ = session.Session;
            tried = session.Tried;
            var result = await session.Reset(new { task_id = "fixed_patient", seed });
            while (!result.Done)
            {
                if (!arrived && steps == stepsBeforePause)
                {
                    arrived = true;
                    await pause!.ArriveAndWaitAsync();
                }

                result = await session.Step(Dose);
                steps++;
            }

            return new SessionOutcome(tried[^1], tried, steps, null);
        }
        catch (Exception error)
        {
            return new SessionOutcome(tried.LastOrDefault(), tried, steps, error);
        }
        finally
        {
            // A session that failed before the pause must not hold the others at it.
            if (!arrived) pause!.Arrive();
        }
    }

    /// <summary>Holds episodes at a step until every one has arrived there and the gate is opened.</summary>
    internal sealed class Pause(int sessions)
    {
        private readonly TaskCompletionSource allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int waiting = sessions;

        public Task AllArrived => allArrived.Task;

        public void Arrive()
        {
            if (Interlocked.Decrement(ref waiting) == 0) allArrived.TrySetResult();
        }

        public Task ArriveAndWaitAsync()
        {
            Arrive();
            return gate.Task;
        }

        public void Open() => gate.TrySetResult();
    }
}
