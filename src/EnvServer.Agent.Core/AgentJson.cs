using System.Text.Encodings.Web;
using System.Text.Json;

namespace EnvServer.Agent.Core;

/// <summary>
/// How the agent writes JSON for people and models to read (prompts, logs, transcripts): with the relaxed encoder,
/// so "·", "+" and quotes stay themselves rather than \u00B7-style escapes. Never used for HTML.
/// </summary>
public static class AgentJson
{
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions Indented = new(Compact) { WriteIndented = true };
}
