using EnvServer.Api;
using EnvServer.Api.Hosting;

if (args.Contains(HealthProbe.Flag)) return await HealthProbe.RunAsync();

await EnvServerApplication.Create(args).RunAsync();
return 0;

/// <summary>The server's entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
