using EnvServer.Client;

namespace EnvServer.Tools.Replicas;

/// <summary>
/// Plays drug-dose episodes (fixed_patient, 100 steps) through a load balancer, noting which replica served
/// each session from the header the balancer adds to the WebSocket upgrade response.
/// </summary>
internal sealed class ReplicaSessionDriver(ReplicaTestOptions options)
{
    private static readonly object Dose = new { dose = 0.5 };

    private readonly EnvSessionOptions sessionOptions = new()
    {
        CollectUpgradeResponseHeaders = true,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        MessageTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// Runs <paramref name="count"/> episodes at once. With a <paramref name="pause"/>, each episode stops after
    /// <see cref="ReplicaTestOptions.StepsBeforeKill"/> steps until the pause's gate opens.
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
            await using var session = await EnvSession.ConnectAsync(options.Url, sessionOptions);
            tried = ReplicasTried(session);
            var result = await session.ResetAsync(new { task_id = "fixed_patient", seed });
            while (!result.Done)
            {
                if (!arrived && steps == options.StepsBeforeKill)
                {
                    arrived = true;
                    await pause!.ArriveAndWaitAsync();
                }

                result = await session.StepAsync(Dose);
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

    private string[] ReplicasTried(EnvSession session)
    {
        if (!session.UpgradeResponseHeaders.TryGetValue(options.UpstreamHeader, out var values) || !values.Any())
        {
            throw new InvalidOperationException($"The upgrade response from {options.Url} has no {options.UpstreamHeader} header.");
        }

        // nginx lists every replica it tried ("a, b"); the last one took the connection.
        return values.Last().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
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
