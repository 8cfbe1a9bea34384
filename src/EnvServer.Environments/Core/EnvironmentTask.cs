namespace EnvServer.Environments.Core;

/// <summary>One of an environment's tasks, chosen at reset with <c>task_id</c>.</summary>
/// <param name="Id">snake_case id, e.g. <c>fixed_patient</c>.</param>
/// <param name="Difficulty"><c>easy</c>, <c>medium</c> or <c>hard</c>.</param>
/// <param name="Description">What changes in this task, in a sentence or two.</param>
public sealed record EnvironmentTask(string Id, string Difficulty, string Description);
