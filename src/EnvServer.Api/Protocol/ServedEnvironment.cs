using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Api.Validation;
using EnvServer.Environments.Core;
using EnvServer.Environments.Schema;

namespace EnvServer.Api.Protocol;

/// <summary>
/// An environment as the server serves it: its spec plus what is derived once at start-up
/// (validators, the /schema and /metadata documents).
/// </summary>
internal sealed class ServedEnvironment
{
    public ServedEnvironment(EnvironmentSpec spec)
    {
        Spec = spec;
        ActionSchema = StandardSchemas.Action(spec);
        ResetSchema = StandardSchemas.Reset(spec);
        ActionValidator = new JsonObjectValidator(ActionSchema);
        ResetValidator = new JsonObjectValidator(ResetSchema);
        SchemaDocument = new JsonObject
        {
            ["action"] = ActionSchema.ToJsonSchema(),
            ["observation"] = StandardSchemas.Observation(spec).ToJsonSchema(),
            ["state"] = StandardSchemas.State(spec).ToJsonSchema(),
            ["reset"] = ResetSchema.ToJsonSchema(),
        };
    }

    public EnvironmentSpec Spec { get; }

    public string Id => Spec.Id;

    public ObjectSchema ActionSchema { get; }

    public ObjectSchema ResetSchema { get; }

    public JsonObjectValidator ActionValidator { get; }

    public JsonObjectValidator ResetValidator { get; }

    /// <summary>GET /schema: action, observation and state as pydantic-shaped JSON Schemas, plus the reset request.</summary>
    public JsonObject SchemaDocument { get; }

    /// <summary>GET /metadata: OpenEnv's EnvironmentMetadata, all six keys always present.</summary>
    public void WriteMetadata(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Spec.Name);
        writer.WriteString("description", Spec.Description);
        writer.WriteString("readme_content", Spec.ReadmeContent);
        writer.WriteString("version", Spec.Version);
        writer.WriteString("author", Spec.Author);
        writer.WriteString("documentation_url", Spec.DocumentationUrl);
        writer.WriteEndObject();
    }
}
