using System.Text.Json;

namespace EnvServer.Environments.Core;

/// <summary>
/// The safety cost of one step, for constrained RL beside the reward: named non-negative components (each environment
/// defines them from its clinical constraints, <see cref="EnvironmentSpec.CostComponents"/>) and their sum. Written to
/// every reply's metadata as <c>cost</c> and <c>cost_components</c>; the episode's sum is <c>cumulative_cost</c>.
/// </summary>
public sealed record SafetyCost(IReadOnlyList<KeyValuePair<string, double>> Components)
{
    public double Total { get; } = Components.Sum(c => c.Value);

    /// <summary>No cost on any of the named components (a reset, or a safe step).</summary>
    public static SafetyCost Zero(IEnumerable<CostComponent> components) => new(components.Select(c => KeyValuePair.Create(c.Name, 0.0)).ToArray());

    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteFloat("cost", Total);
        writer.WriteStartObject("cost_components");
        foreach (var (name, value) in Components) writer.WriteFloat(name, value);
        writer.WriteEndObject();
    }
}

/// <summary>One named component of an environment's safety cost, documented in its schema.</summary>
/// <param name="Name">snake_case key in <c>cost_components</c>, e.g. <c>above_toxic</c>.</param>
/// <param name="Description">The clinical constraint it counts and its unit.</param>
public sealed record CostComponent(string Name, string Description);
