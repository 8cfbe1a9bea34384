using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Environments.Core;

/// <summary>
/// A clinical guardrail a suggested action must keep (applied by the agent after the schema and action checks):
/// the check returns null when the action keeps the rule, else the safer action and why.
/// </summary>
/// <param name="Name">snake_case rule name reported to the client, e.g. <c>untreated_hypoxia</c>.</param>
/// <param name="Check">(observation, proposed action) → null, or what to do instead.</param>
public sealed record SafetyRule(string Name, Func<JsonElement, JsonObject, SafetyOverride?> Check);

/// <summary>What a <see cref="SafetyRule"/> does instead of a suggestion that breaks it.</summary>
public sealed record SafetyOverride(JsonObject Action, string Reason);
