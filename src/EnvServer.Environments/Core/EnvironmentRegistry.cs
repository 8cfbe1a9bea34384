using EnvServer.Environments.DrugDose;
using EnvServer.Environments.Hiv;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Environments.Sepsis;

namespace EnvServer.Environments.Core;

/// <summary>The environments this server knows, by id. Adding an environment means adding its spec here.</summary>
public sealed class EnvironmentRegistry
{
    private readonly Dictionary<string, EnvironmentSpec> _byId;

    public EnvironmentRegistry(IEnumerable<EnvironmentSpec> specs)
    {
        All = specs.ToArray();
        _byId = All.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>Every environment of this project.</summary>
    public static EnvironmentRegistry CreateDefault() =>
        new([DrugDoseEnvironment.Spec, HivEnvironment.Spec, SepsisEnvironment.Spec, PolypharmacyEnvironment.Spec]);

    /// <summary>The environments this library ships, shared: how a client finds an environment's baseline, rules and checks by id.</summary>
    public static EnvironmentRegistry Shipped => LazyShipped.Value;

    private static readonly Lazy<EnvironmentRegistry> LazyShipped = new(CreateDefault);

    public IReadOnlyList<EnvironmentSpec> All { get; }

    public EnvironmentSpec? Find(string id) => _byId.GetValueOrDefault(id);
}
