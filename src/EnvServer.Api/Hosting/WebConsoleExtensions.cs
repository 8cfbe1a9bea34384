using Microsoft.Extensions.FileProviders;

namespace EnvServer.Api.Hosting;

/// <summary>
/// The web console: index.html at GET / and its scripts and styles under /console/, static files of wwwroot. The page
/// talks to the server over /ws, /envs and /agent/* like any other client. Swagger UI stays at /docs.
/// </summary>
internal static class WebConsoleExtensions
{
    private const string AssetsPath = "/console";

    public static WebApplication MapWebConsole(this WebApplication app)
    {
        if (Locate(app.Environment) is not { } root) return app;
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = new PhysicalFileProvider(Path.Combine(root, "console")),
        });
        // An endpoint rather than UseDefaultFiles: the request keeps its path "/", which the API-key check exempts.
        var index = Path.Combine(root, "index.html");
        app.MapGet("/", () => TypedResults.PhysicalFile(index, "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The content root's wwwroot (the project folder under <c>dotnet run</c>, the publish folder in the image), else
    /// the copy beside the assembly, for hosts started from another working directory (the embedded server of the
    /// training worker and the agent). Null when neither has the console.
    /// </summary>
    private static string? Locate(IWebHostEnvironment environment) =>
        new[] { environment.WebRootPath, Path.Combine(AppContext.BaseDirectory, "wwwroot") }
            .FirstOrDefault(root => !string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "index.html")));
}
