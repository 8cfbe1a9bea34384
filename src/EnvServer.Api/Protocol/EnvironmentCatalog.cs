using EnvServer.Api.Hosting;
using EnvServer.Environments.Core;
using Microsoft.Extensions.Options;

namespace EnvServer.Api.Protocol;

/// <summary>The served environments by id, and the default one mounted at the root.</summary>
internal sealed class EnvironmentCatalog
{
    private readonly Dictionary<string, ServedEnvironment> _byId;

    public EnvironmentCatalog(EnvironmentRegistry registry, IOptions<ServerOptions> options)
    {
        All = registry.All.Select(spec => new ServedEnvironment(spec)).ToArray();
        _byId = All.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var defaultId = options.Value.DefaultEnv;
        Default = Find(defaultId) ?? throw new InvalidOperationException(
            $"DEFAULT_ENV '{defaultId}' is not a known environment; known: {string.Join(", ", _byId.Keys)}");
    }

    public IReadOnlyList<ServedEnvironment> All { get; }

    public ServedEnvironment Default { get; }

    public ServedEnvironment? Find(string id) => _byId.GetValueOrDefault(id);
}
