using EnvServer.Api.Endpoints;
using EnvServer.Api.Hosting;

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

app.Run();

/// <summary>The server's entry point, public so tests and the worker can host it in-process.</summary>
public partial class Program;
