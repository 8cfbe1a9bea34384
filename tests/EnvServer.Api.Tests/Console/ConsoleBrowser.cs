using EnvServer.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EnvServer.Api.Tests.Console;

/// <summary>
/// Debian's headless Chromium driven by Playwright against the real server on a loopback Kestrel port, shared by the
/// console tests. Playwright never downloads a browser: a machine without /usr/bin/chromium fails these tests
/// (CI installs the chromium package in .ci/run).
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;

    /// <summary>The server, with no model configured whatever the machine has set, so suggestions are the heuristic's.</summary>
    public ServerHost Server { get; } = new(new Dictionary<string, string> { ["HF_TOKEN"] = "", ["OPENAI_API_KEY"] = "", ["API_BASE_URL"] = "" });

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the tests' screenshots go: TestResults/console/ in the test output folder.</summary>
    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "console")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does.");
        }

        // The whole solution's tests share two cores in CI: give the page time rather than fail on a slow machine.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh tab (its own sessionStorage) at laptop width, on the console's page.</summary>
    public async Task<IPage> OpenConsoleAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Server.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("#env option")).ToHaveCountAsync(4);
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// Run apart from the other collections (after them): a browser rendering pages would take the cores that the
/// timing-sensitive robustness tests (idle reaper, keep-alive) count on.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleBrowserCollection : ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "console browser";
}
