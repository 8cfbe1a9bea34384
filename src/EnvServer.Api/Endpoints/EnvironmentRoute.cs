using EnvServer.Api.Protocol;

namespace EnvServer.Api.Endpoints;

/// <summary>Which environment a request is for: <c>/envs/{envId}/…</c> names it, the root surface serves the default.</summary>
internal static class EnvironmentRoute
{
    public const string Parameter = "envId";

    public static ServedEnvironment? Resolve(HttpContext context, EnvironmentCatalog catalog, out IResult? notFound)
    {
        notFound = null;
        if (context.GetRouteValue(Parameter) is not string id) return catalog.Default;
        var served = catalog.Find(id);
        if (served is null) notFound = HttpReplies.UnknownEnvironment(id, catalog);
        return served;
    }
}
