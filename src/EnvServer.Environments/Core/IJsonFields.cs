using System.Text.Json;

namespace EnvServer.Environments.Core;

/// <summary>
/// A value that writes its JSON properties (not the enclosing braces) to a writer.
/// Writing fields rather than whole objects lets the protocol layer add its own keys
/// (terminated/truncated, session_id) to the same object without re-serialising.
/// </summary>
public interface IJsonFields
{
    void WriteFields(Utf8JsonWriter writer);
}
