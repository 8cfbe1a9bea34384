using System.Globalization;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EnvServer.Api.Tests.Console;

/// <summary>The web console in a real headless Chromium: play, act through generated controls, validation, policies, export and replay.</summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class WebConsoleTests(ConsoleBrowser browser)
{
    private static readonly int[] HivActions = [3, 3, 3, 0, 0, 1, 2, 3, 0, 3];

    [Fact]
    public async Task HivEpisode_TenStepsWithTheButtons_ChartGrowsWithTheServersTrajectory()
    {
        var page = await browser.OpenConsoleAsync();
        await ResetAsync(page, "hiv", "default_patient", "7");
        var viralLoad = page.Locator("#observation path.series[data-series='viral load']");
        await Expect(viralLoad).ToHaveAttributeAsync("data-points", "1");
        var firstPath = await viralLoad.GetAttributeAsync("d");

        for (var i = 0; i < HivActions.Length; i++)
        {
            await page.ClickAsync($"#actions button.action[data-action='{HivActions[i]}']");
            await Expect(page.Locator("#summary-step")).ToHaveTextAsync((i + 1).ToString(CultureInfo.InvariantCulture));
        }

        await Expect(viralLoad).ToHaveAttributeAsync("data-points", "11");
        await Expect(page.Locator("#observation path.series[data-series='CD4']")).ToHaveAttributeAsync("data-points", "11");
        Assert.NotEqual(firstPath, await viralLoad.GetAttributeAsync("d"));
        Assert.Equal(11, (await viralLoad.GetAttributeAsync("d"))!.Split(' ').Length);
        // One band per 5-day step, coloured by the regimen the button gave.
        var bands = await page.Locator("#observation rect.band").EvaluateAllAsync<string[]>("bands => bands.map(b => b.dataset.label)");
        Assert.Equal(HivActions.Length, bands.Length);
        Assert.All(bands.Zip(HivActions), pair => Assert.EndsWith(Regimen(pair.Second), pair.First));
        Assert.StartsWith("days 45–50", bands[^1]);

        // The page's record of the episode is the server's trajectory for that seed and those actions.
        var exported = await ExportJsonAsync(page);
        var expected = await PlayOverWebSocketAsync("hiv", "{\"seed\": 7, \"task_id\": \"default_patient\"}", HivActions.Select(a => $"{{\"action\": {a}}}"));
        Assert.Equal(expected.Select(d => d.GetProperty("observation").GetProperty("viral_load").GetDouble()),
            exported.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("observation").GetProperty("viral_load").GetDouble()));
        await ConsoleBrowser.ScreenshotAsync(page, "hiv-10-steps");
    }

    [Fact]
    public async Task PolypharmacyEpisode_QueryThenFinish_ShowsTheGraderScore()
    {
        var page = await browser.OpenConsoleAsync();
        await ResetAsync(page, "polypharmacy", "easy_screening", "3");
        await Expect(page.Locator("#observation [data-testid=budgets]")).ToContainTextAsync("Queries left4 of 4");

        await page.GetByLabel("Query an interaction").CheckAsync();
        var firstDrug = await page.Locator("#drug_id_1 option:nth-child(2)").GetAttributeAsync("value");
        await page.SelectOptionAsync("#drug_id_1", firstDrug!);
        var secondDrug = await page.Locator("#drug_id_2 option:nth-child(2)").GetAttributeAsync("value");
        await page.SelectOptionAsync("#drug_id_2", secondDrug!);
        await page.ClickAsync("button:text('Submit action')");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("1");
        await Expect(page.Locator("#observation table.interactions tbody tr")).ToContainTextAsync($"{firstDrug}");

        await page.GetByLabel("Finish the review").CheckAsync();
        await page.ClickAsync("button:text('Submit action')");

        await Expect(page.Locator("#actions .done")).ToContainTextAsync("Episode over: grader score");
        var announced = await page.Locator("#announce").TextContentAsync();
        var expected = await PlayOverWebSocketAsync("polypharmacy", "{\"seed\": 3, \"task_id\": \"easy_screening\"}",
            [$"{{\"action_type\": \"query_ddi\", \"drug_id_1\": \"{firstDrug}\", \"drug_id_2\": \"{secondDrug}\"}}", "{\"action_type\": \"finish_review\"}"]);
        var score = (await ExportJsonAsync(page)).GetProperty("steps")[2].GetProperty("metadata").GetProperty("grader_score").GetDouble();
        Assert.Equal(expected[2].GetProperty("metadata").GetProperty("grader_score").GetDouble(), score);
        Assert.InRange(score, 0.001, 0.999);
        await Expect(page.Locator("#summary-grader-score")).ToHaveTextAsync(Format(score));
        Assert.EndsWith($"Grader score {Format(score)}.", announced);
        await ConsoleBrowser.ScreenshotAsync(page, "polypharmacy-finished");
    }

    [Fact]
    public async Task InvalidFormInput_CaughtInThePage_NothingIsSent()
    {
        var page = await browser.OpenConsoleAsync();
        await page.SelectOptionAsync("#env", "drug-dose");
        await page.FillAsync("#seed", "-3");
        await page.ClickAsync("#reset");
        await Expect(page.Locator("#errors")).ToHaveTextAsync("seed: \"-3\" is not a whole number ≥ 0.");
        await Expect(page.Locator("#seed")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#summary-step")).ToHaveCountAsync(0);

        await ResetAsync(page, "drug-dose", "fixed_patient", "1");
        await page.FillAsync("#dose-input", "-0.5");
        await page.ClickAsync("button:text('Give dose')");
        await Expect(page.Locator("#errors")).ToHaveTextAsync("dose: -0.5 is outside 0 – 1.");
        await page.FillAsync("#dose-input", "");
        await page.ClickAsync("button:text('Give dose')");
        await Expect(page.Locator("#errors")).ToHaveTextAsync("dose: enter a number between 0 and 1.");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("0");
        await ConsoleBrowser.ScreenshotAsync(page, "invalid-dose");

        await ResetAsync(page, "polypharmacy", "complex_tradeoff", "2");
        await page.GetByLabel("Propose an intervention").CheckAsync();
        var target = await page.Locator("#target_drug_id option:nth-child(2)").GetAttributeAsync("value");
        await page.SelectOptionAsync("#target_drug_id", target!);
        await page.ClickAsync("button:text('Submit action')");
        await Expect(page.Locator("#errors")).ToHaveTextAsync("Choose the intervention (intervention_type).");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task ServerValidationError_IsShown_AndTheSessionGoesOn()
    {
        var page = await browser.OpenConsoleAsync();
        await ResetAsync(page, "hiv", "default_patient", "1");

        await page.ClickAsync("summary:text('Raw JSON action')");
        await page.FillAsync("#raw-action", "{\"action\": 9}");
        await page.ClickAsync("button:text('Send raw action')");

        await Expect(page.Locator("#errors")).ToContainTextAsync("VALIDATION_ERROR: action:");
        await Expect(page.Locator("#errors")).ToContainTextAsync("the session goes on");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("0");
        await ConsoleBrowser.ScreenshotAsync(page, "server-validation-error");

        await page.ClickAsync("#actions button.action[data-action='3']");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("1");
        await Expect(page.Locator("#errors")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task RunPolicy_SepsisReferenceOptimum_PlaysTheServersReferenceActionsToTheEnd()
    {
        var page = await browser.OpenConsoleAsync();
        await ResetAsync(page, "sepsis", "full_state", "5");
        await page.SelectOptionAsync("#policy", "reference");
        await page.FillAsync("#delay", "0");

        await page.ClickAsync("#run");

        await Expect(page.Locator("#actions .done")).ToBeVisibleAsync();
        var played = (await ExportJsonAsync(page)).GetProperty("steps").EnumerateArray().Skip(1).Select(s => s.GetProperty("action").GetProperty("action").GetInt32()).ToArray();
        Assert.Equal(await ReferenceActionsAsync(5, played.Length), played);
        await Expect(page.Locator("#run-status")).ToContainTextAsync("sepsis/reference_optimum played step");
        await Expect(page.Locator("#observation svg rect.cell[data-row='Heart rate']")).ToHaveCountAsync(played.Length + 1);
        await ConsoleBrowser.ScreenshotAsync(page, "sepsis-reference-optimum");
    }

    [Fact]
    public async Task Suggest_WithoutAModel_ShowsTheHeuristicsActionAndWhy_AndApplies()
    {
        var page = await browser.OpenConsoleAsync();
        await ResetAsync(page, "hiv", "default_patient", "1");

        await page.ClickAsync("#suggest");

        await Expect(page.Locator("#suggestion")).ToContainTextAsync("No API key is configured");
        await Expect(page.Locator("#suggestion")).ToContainTextAsync("hiv/clinical_rule");
        await page.ClickAsync("#apply-suggestion");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("1");
        // The clinical rule gives both drugs above 1,000 copies/mL, as the untreated patient has.
        await Expect(page.Locator("#step-log tbody tr").First).ToContainTextAsync("RTI + PI");
    }

    [Fact]
    public async Task Replay_OfAnExportedFile_StepsThroughTheEpisode()
    {
        var page = await browser.OpenConsoleAsync();
        await ResetAsync(page, "drug-dose", "variable_patient", "11");
        foreach (var dose in new[] { "0.8", "0.6", "0.4", "0.1" })
        {
            await page.FillAsync("#dose-input", dose);
            await page.ClickAsync("button:text('Give dose')");
        }

        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("4");
        // Newest first; every click counted, none lost while the server was answering the previous one.
        await Expect(page.Locator("#step-log tbody tr td:nth-child(2)")).ToHaveTextAsync(["dose 0.1", "dose 0.4", "dose 0.6", "dose 0.8"]);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-json"));
        var file = Path.Combine(ConsoleBrowser.ArtifactsDirectory, download.SuggestedFilename);
        await download.SaveAsAsync(file);
        var csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        var csvLines = File.ReadAllLines(await csv.PathAsync());
        Assert.StartsWith("step,action,reward,cumulative_reward,done,grader_score,concentration", csvLines[0]);
        Assert.Equal(6, csvLines.Length);

        var fresh = await browser.OpenConsoleAsync();
        await fresh.SetInputFilesAsync("#replay-file", file);
        await Expect(fresh.Locator("#replay-step")).ToHaveTextAsync("Step 0: admission (reset).");
        await fresh.ClickAsync("#replay-next");
        await fresh.ClickAsync("#replay-next");
        await Expect(fresh.Locator("#replay-step")).ToContainTextAsync("Step 2: dose 0.6");
        await Expect(fresh.Locator("#replay-observation path.series[data-series='concentration']")).ToHaveAttributeAsync("data-points", "3");
        await ConsoleBrowser.ScreenshotAsync(fresh, "replay");

        var foreign = Path.Combine(ConsoleBrowser.ArtifactsDirectory, "not-an-episode.json");
        await File.WriteAllTextAsync(foreign, "{\"format\": \"something else\"}");
        await fresh.SetInputFilesAsync("#replay-file", foreign);
        await Expect(fresh.Locator("#errors")).ToContainTextAsync("format: expected \"envserver-episode/1\"");
    }

    [Fact]
    public async Task Keyboard_ResetAndStepsWithoutAMouse_FocusStaysOnTheActionTaken()
    {
        var page = await browser.OpenConsoleAsync();
        await page.SelectOptionAsync("#env", "sepsis");
        await page.FocusAsync("#seed");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("0");

        await page.FocusAsync("#actions button.action[data-action='4']");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("1");
        // The controls are drawn anew after each step; focus comes back to the same action, so Enter plays it again.
        await Expect(page.Locator("#actions button.action[data-action='4']")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("2");
        await Expect(page.Locator("#announce")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Step 2: antibiotics, reward"));
    }

    [Fact]
    public async Task ApiKey_KeptForTheTab_SentAsBearerOnFetchAndAsQueryOnTheWebSocket()
    {
        var page = await browser.OpenConsoleAsync();
        await page.FillAsync("#api-key", "console-key");
        var envsRequest = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("button:text('Use key')"), r => r.Url.EndsWith("/envs", StringComparison.Ordinal));
        Assert.Equal("Bearer console-key", await envsRequest.HeaderValueAsync("authorization"));
        await Expect(page.Locator("#env option")).ToHaveCountAsync(4);

        var socket = await page.RunAndWaitForWebSocketAsync(() => ResetAsync(page, "sepsis", "observed_state", "2"));
        Assert.EndsWith("/envs/sepsis/ws?api_key=console-key", socket.Url);

        await page.ReloadAsync();
        await Expect(page.Locator("#api-key")).ToHaveValueAsync("console-key");
    }

    [Fact]
    public async Task ApiKey_ServerRequiresIt_PageAsksForItThenPlaysWithIt()
    {
        await using var keyed = new ServerHost(new Dictionary<string, string> { ["API_KEY"] = "console-key" });
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(keyed.BaseAddress.ToString());
        await Expect(page.Locator("#errors")).ToHaveTextAsync("The server needs an API key: enter it above and press Use key.");

        await page.FillAsync("#api-key", "console-key");
        await page.ClickAsync("button:text('Use key')");
        await Expect(page.Locator("#env option")).ToHaveCountAsync(4);
        await ResetAsync(page, "sepsis", "observed_state", "3");
        await page.ClickAsync("#actions button.action[data-action='4']");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("1");
        await Expect(page.Locator("#errors")).ToBeHiddenAsync();
        await context.CloseAsync();
    }

    private static async Task ResetAsync(IPage page, string env, string task, string seed)
    {
        await page.SelectOptionAsync("#env", env);
        await page.SelectOptionAsync("#task", task);
        await page.FillAsync("#seed", seed);
        await page.ClickAsync("#reset");
        await Expect(page.Locator("#summary-env")).ToHaveTextAsync($"{env} / {task}");
        await Expect(page.Locator("#summary-step")).ToHaveTextAsync("0");
    }

    private static async Task<JsonElement> ExportJsonAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-json"));
        return JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync())).RootElement.Clone();
    }

    /// <summary>The replies (observation, reward, done, metadata) of a reset and the given steps, played directly over /ws.</summary>
    private async Task<List<JsonElement>> PlayOverWebSocketAsync(string env, string reset, IEnumerable<string> actions)
    {
        await using var socket = await browser.Server.ConnectAsync($"/envs/{env}/ws");
        var replies = new List<JsonElement> { (await socket.RequestAsync($"{{\"type\": \"reset\", \"data\": {reset}}}")).GetProperty("data") };
        foreach (var action in actions)
        {
            replies.Add((await socket.RequestAsync($"{{\"type\": \"step\", \"data\": {action}}}")).GetProperty("data"));
        }

        return replies;
    }

    private async Task<int[]> ReferenceActionsAsync(int seed, int steps)
    {
        await using var socket = await browser.Server.ConnectAsync("/envs/sepsis/ws");
        await socket.RequestAsync($"{{\"type\": \"reset\", \"data\": {{\"seed\": {seed}, \"task_id\": \"full_state\"}}}}");
        var actions = new int[steps];
        for (var i = 0; i < steps; i++)
        {
            actions[i] = (await socket.RequestAsync("{\"type\": \"state\"}")).GetProperty("data").GetProperty("reference_action").GetInt32();
            await socket.RequestAsync($"{{\"type\": \"step\", \"data\": {{\"action\": {actions[i]}}}}}");
        }

        return actions;
    }

    private static string Regimen(int action) => action switch
    {
        0 => "no treatment",
        1 => "protease inhibitor only (ε2 = 0.3)",
        2 => "reverse-transcriptase inhibitor only (ε1 = 0.7)",
        _ => "RTI + PI (ε1 = 0.7, ε2 = 0.3)",
    };

    /// <summary>The page's number format (formatNumber in svg.js) for a grader score in [0.001, 0.999]: 4 significant digits.</summary>
    private static string Format(double score) => double.Parse(score.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
}
