namespace EnvServer.Client;

/// <summary>One server of an <see cref="EnvServerPool"/> as the pool sees it.</summary>
/// <param name="Url">The base URL as given to the pool.</param>
/// <param name="Sessions">Sessions the pool holds open on it (and openings in progress).</param>
/// <param name="IsUp">False while the server is marked down, until a <c>/health</c> probe succeeds.</param>
public sealed record EnvServerStatus(Uri Url, int Sessions, bool IsUp);
