using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Environments.Core;
using EnvServer.Environments.Hiv;
using EnvServer.Environments.Schema;

namespace EnvServer.Benchmarks;

/// <summary>
/// What the in-process run steps with (<c>--policy</c>): a function from the observation JSON to the action JSON.
/// <list type="bullet">
/// <item><c>fixed</c>: the <c>--action</c> every step.</item>
/// <item><c>random</c>: every bounded integer or number field of the action schema drawn uniformly, seeded.</item>
/// <item>a baseline policy of the environment by name; hiv: <c>never_treat</c>, <c>always_both</c>, <c>clinical_rule</c>.</item>
/// </list>
/// </summary>
internal static class ActionPolicy
{
    public const string Fixed = "fixed";
    public const string Random = "random";

    private const long RandomSeed = 5;

    public static Func<JsonElement, JsonElement> Create(string name, EnvironmentSpec spec, JsonObject fixedAction)
    {
        if (name == Fixed)
        {
            var action = JsonSerializer.SerializeToElement(fixedAction);
            return _ => action;
        }

        if (name == Random) return UniformRandom(spec.Action);
        if (spec.Id == HivEnvironment.Spec.Id && HivBaselinePolicies.ByName.TryGetValue(name, out var baseline))
        {
            return observation => JsonSerializer.SerializeToElement(new JsonObject { ["action"] = baseline(observation) });
        }

        var baselines = spec.Id == HivEnvironment.Spec.Id ? ", " + string.Join(", ", HivBaselinePolicies.ByName.Keys) : "";
        throw new ArgumentException($"Unknown policy '{name}' for {spec.Id}; expected {Fixed}, {Random}{baselines}.");
    }

    private static Func<JsonElement, JsonElement> UniformRandom(ObjectSchema schema)
    {
        var fields = schema.Fields.Where(f => f.Required).ToArray();
        var unbounded = fields.FirstOrDefault(f => f.Type is not (FieldType.Integer or FieldType.Number) || f.Minimum is null || f.Maximum is null);
        if (unbounded is not null)
        {
            throw new ArgumentException($"Policy '{Random}' needs bounded number or integer action fields; '{unbounded.Name}' is not one.");
        }

        var random = new SeededRandom(RandomSeed);
        return _ =>
        {
            var action = new JsonObject();
            foreach (var f in fields)
            {
                action[f.Name] = f.Type == FieldType.Integer
                    ? (int)f.Minimum!.Value + random.NextInt((int)(f.Maximum!.Value - f.Minimum.Value) + 1)
                    : random.Uniform(f.Minimum!.Value, f.Maximum!.Value);
            }

            return JsonSerializer.SerializeToElement(action);
        };
    }
}
