using EnvServer.Api.Endpoints;
using EnvServer.Api.Hosting;

if (args.Contains(HealthProbe.Flag)) return await HealthProbe.RunAsync();

var builder = WebApplication.CreateBuilder(args);

builder.AddEnvServerHosting();
builder.AddEnvironments();
builder.AddOpenApiDocument();

var app = builder.Build();

app.UseJsonErrors();
app.UseEnvServerWebSockets();
app.MapOpenApiDocument();
app.MapEnvironmentList();
app.MapOpenEnv();

await app.RunAsync();
return 0;

/// <summary>The server's entry point, public so tests and the worker can host it in-process.</summary>
public partial class Program;
