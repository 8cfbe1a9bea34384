namespace EnvServer.Agent.Runs;

/// <summary>What one episode came to, for the score table.</summary>
/// <param name="Environment">Environment id.</param>
/// <param name="Task">Task id.</param>
/// <param name="Seed">Reset seed.</param>
/// <param name="Score">Grader score (0 when the episode failed before its end).</param>
/// <param name="Return">Sum of the rewards.</param>
/// <param name="Steps">Steps taken.</param>
/// <param name="ModelActions">Steps whose action came from the model.</param>
/// <param name="Corrections">Replies refused and answered with a correction request.</param>
/// <param name="Retries">Transport retries of model requests (timeouts, 429, 5xx).</param>
/// <param name="Fallbacks">Steps the baseline took after the model was tried.</param>
/// <param name="Error">Why the episode stopped before its end, or null.</param>
internal sealed record EpisodeResult(
    string Environment, string Task, int Seed, double Score, double Return, int Steps,
    int ModelActions, int Corrections, int Retries, int Fallbacks, string? Error);
