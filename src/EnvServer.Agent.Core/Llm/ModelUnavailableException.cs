namespace EnvServer.Agent.Core.Llm;

/// <summary>The model gave no reply: retries ran out, or the endpoint answered with an error retrying cannot fix (401, 404, 400).</summary>
public sealed class ModelUnavailableException(string message, int retries, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Retries made before giving up.</summary>
    public int Retries { get; } = retries;
}
