using System.Text.Json;
using EnvServer.Api.Hosting;
using EnvServer.Api.Validation;
using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy.Bandit;
using EnvServer.Environments.Schema;
using Microsoft.Extensions.Options;

namespace EnvServer.Api.Endpoints;

/// <summary>
/// /bandit: the drug-combination data sets of Larouche et al. (2023) as an oracle a bandit queries over
/// HTTP. POST /bandit/datasets draws a seeded data set and returns an oracle id; the learner reads the
/// combinations (never their risks), observes noisy relative risks one pull at a time, and asks the
/// server to score the combinations it flags as dangerous, so the ground truth never leaves the server.
/// The hidden patterns are readable for the paper's "patterns found" metric only.
/// </summary>
internal static class BanditEndpoints
{
    /// <summary>Most combinations observed in one request.</summary>
    public const int MaxObservationsPerRequest = 10_000;

    // Upper bounds of a data set, twice the paper's scale (500 drugs, 100,000 combinations, 10 patterns, 8.7 drugs on
    // average) or more: drawing the largest takes seconds of one core, and its listing stays tens of megabytes.
    public const int MaxDrugs = 1000;
    public const int MaxCombinations = 200_000;
    public const int MaxPatterns = 100;
    public const double MaxMeanDrugs = 50;

    /// <summary>Rows of GET …/combinations per page when the client asks for one (?offset=&amp;limit=), at most.</summary>
    public const int MaxPageRows = MaxCombinations;

    private static readonly JsonObjectValidator CreateRequest = new(new ObjectSchema("BanditDatasetRequest", "A seeded synthetic data set",
    [
        new FieldSchema("seed", FieldType.Integer, "Seed of the data set") { Minimum = 0 }.WithDefault(0),
        new FieldSchema("n_rx", FieldType.Integer, "Drugs") { Minimum = 2, Maximum = MaxDrugs }.WithDefault(500),
        new FieldSchema("n_combinations", FieldType.Integer, "Distinct combinations") { Minimum = 1, Maximum = MaxCombinations }.WithDefault(100_000),
        new FieldSchema("n_patterns", FieldType.Integer, "Dangerous patterns") { Minimum = 1, Maximum = MaxPatterns }.WithDefault(10),
        new FieldSchema("mean_rx", FieldType.Number, "Mean drugs per combination") { ExclusiveMinimum = 0, Maximum = MaxMeanDrugs }.WithDefault(8.7),
        new FieldSchema("noise_std", FieldType.Number, "Standard deviation of an observation's noise") { Minimum = 0, Maximum = 10 }.WithDefault(0.1),
        new FieldSchema("noise_seed", FieldType.Integer, "Seed of the observation noise (default: the data set's seed)") { Minimum = 0 },
    ]));

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static IEndpointRouteBuilder MapBanditEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<ServerOptions>>().Value;
        var store = new CombinationOracleStore(perOwner: options.BanditMaxOraclesPerClient);

        // One data set drawn at a time, server-wide: drawing is CPU-bound, and sessions need the other core.
        var drawing = new SemaphoreSlim(1, 1);
        var group = app.MapGroup("/bandit/datasets").WithTags("bandit");
        group.MapPost("", (HttpRequest request) => CreateAsync(request, store, drawing))
            .WithSummary("Draw a seeded data set (paper scale by default) and open an oracle on it");
        group.MapGet("/{id}", (string id) => Describe(store, id)).WithSummary("The oracle's data set and observation count");
        group.MapGet("/{id}/combinations", (string id, int? offset, int? limit) => Combinations(store, id, offset, limit))
            .WithSummary("The combinations as their drug ids: all of them, or the page ?offset=&limit=");
        group.MapGet("/{id}/patterns", (string id) => Patterns(store, id)).WithSummary("The hidden dangerous patterns, for evaluation");
        group.MapPost("/{id}/observe", (string id, HttpRequest request) => ObserveAsync(store, id, request))
            .WithSummary("Noisy relative risks of {\"combinations\": [index, ...]}");
        group.MapPost("/{id}/score", (string id, HttpRequest request) => ScoreAsync(store, id, request))
            .WithSummary("Precision, recall and patterns found of {\"flagged_combinations\": [...], \"flagged_patterns\": [...]}");
        group.MapDelete("/{id}", (string id) => Close(store, id)).WithSummary("Close the oracle");
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, CombinationOracleStore store, SemaphoreSlim drawing)
    {
        using var body = await RequestBody.ReadJsonAsync(request);
        if (body.Error is { } error) return HttpReplies.Invalid([error], body.ErrorStatus);
        var root = body.Root ?? EmptyObject;
        var issues = CreateRequest.Check(root);
        if (issues.Count > 0) return HttpReplies.Invalid(issues.Select(i => i.Under("body")).ToArray());

        long Integer(string name, long fallback) => root.TryGetProperty(name, out var v) ? (long)v.GetDouble() : fallback;
        double Number(string name, double fallback) => root.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;
        var defaults = new CombinationGeneratorOptions();
        var options = defaults with
        {
            Drugs = (int)Integer("n_rx", defaults.Drugs),
            Combinations = (int)Integer("n_combinations", defaults.Combinations),
            Patterns = (int)Integer("n_patterns", defaults.Patterns),
            MeanDrugs = Number("mean_rx", defaults.MeanDrugs),
        };
        var seed = Integer("seed", 0);
        var aborted = request.HttpContext.RequestAborted;
        try
        {
            await drawing.WaitAsync(aborted);
            try
            {
                var oracle = store.Create(options, seed, Number("noise_std", 0.1), Integer("noise_seed", seed), request.HttpContext.Connection.RemoteIpAddress?.ToString(), aborted);
                return TypedResults.Created($"/bandit/datasets/{oracle.Id}", Info(oracle));
            }
            finally
            {
                drawing.Release();
            }
        }
        catch (InvalidInputException invalid)
        {
            return HttpReplies.Invalid([ValidationIssue.From(invalid).Under("body")]);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client gave up: nothing was stored, and nobody is left to answer.
            return Results.Empty;
        }
    }

    private static IResult Describe(CombinationOracleStore store, string id) =>
        store.Find(id) is { } oracle ? TypedResults.Ok(Info(oracle)) : NotFound(id);

    private static IResult Combinations(CombinationOracleStore store, string id, int? offset, int? limit)
    {
        if (store.Find(id) is not { } oracle) return NotFound(id);
        var rows = oracle.Dataset.Combinations;
        if (offset is < 0) return HttpReplies.Invalid([new ValidationIssue("greater_than_equal", ["query", "offset"], "Input should be greater than or equal to 0")]);
        if (limit is < 1 or > MaxPageRows)
            return HttpReplies.Invalid([new ValidationIssue("range", ["query", "limit"], $"Input should be in [1, {MaxPageRows}]")]);
        var first = Math.Min(offset ?? 0, rows.Count);
        return new CombinationListing(rows, first, Math.Min(limit ?? rows.Count, rows.Count - first));
    }

    private static IResult Patterns(CombinationOracleStore store, string id) =>
        store.Find(id) is { } oracle ? TypedResults.Ok(new PatternList(Rows(oracle.Dataset.Patterns))) : NotFound(id);

    private static IResult Close(CombinationOracleStore store, string id) => store.Remove(id) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<IResult> ObserveAsync(CombinationOracleStore store, string id, HttpRequest request)
    {
        if (store.Find(id) is not { } oracle) return NotFound(id);
        using var body = await RequestBody.ReadJsonAsync(request);
        if (body.Error is { } error) return HttpReplies.Invalid([error], body.ErrorStatus);
        var (combinations, issue) = IndexList(body.Root, "combinations", oracle.Dataset.Combinations.Count, MaxObservationsPerRequest);
        if (issue is not null) return HttpReplies.Invalid([issue]);
        return TypedResults.Ok(new Observation(oracle.Observe(combinations!), oracle.Observations));
    }

    private static async Task<IResult> ScoreAsync(CombinationOracleStore store, string id, HttpRequest request)
    {
        if (store.Find(id) is not { } oracle) return NotFound(id);
        using var body = await RequestBody.ReadJsonAsync(request);
        if (body.Error is { } error) return HttpReplies.Invalid([error], body.ErrorStatus);
        var dataset = oracle.Dataset;
        var (combinations, combinationIssue) = IndexList(body.Root, "flagged_combinations", dataset.Combinations.Count, dataset.Combinations.Count, allowEmpty: true);
        var (patterns, patternIssue) = IndexList(body.Root, "flagged_patterns", dataset.Patterns.Count, dataset.Patterns.Count, allowEmpty: true, required: false);
        ValidationIssue[] issues = [.. new[] { combinationIssue, patternIssue }.OfType<ValidationIssue>()];
        if (issues.Length > 0) return HttpReplies.Invalid(issues);
        var score = DangerScore.Of(dataset, combinations!, patterns ?? []);
        return TypedResults.Ok(new Score(score.Precision, score.Recall, score.PatternsFound, score.Flagged, score.TruePositives, score.Dangerous, score.PatternsFlagged, score.Patterns));
    }

    /// <summary>
    /// body[<paramref name="field"/>] as indices in [0, <paramref name="count"/>), or the first problem with it,
    /// located down to the offending item.
    /// </summary>
    private static (int[]? Values, ValidationIssue? Issue) IndexList(
        JsonElement? body, string field, int count, int maxItems, bool allowEmpty = false, bool required = true)
    {
        if (body is not { ValueKind: JsonValueKind.Object } root) return (null, body is { } b ? ProtocolIssues.NotAnObject(b, ["body"]) : ProtocolIssues.Missing("body"));
        if (!root.TryGetProperty(field, out var list)) return (null, required ? ProtocolIssues.MissingFrom(root, "body", field) : null);
        if (list.ValueKind != JsonValueKind.Array) return (null, new ValidationIssue("list_type", ["body", field], "Input should be a valid list") { Input = list });
        var length = list.GetArrayLength();
        if (length == 0 && !allowEmpty)
            return (null, new ValidationIssue("too_short", ["body", field], "List should have at least 1 item after validation, not 0") { Input = list });
        if (length > maxItems)
            return (null, new ValidationIssue("too_long", ["body", field], $"List should have at most {maxItems} items after validation, not {length}"));
        var values = new int[length];
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            string[] loc = ["body", field, i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var value))
                return (null, new ValidationIssue("int_type", loc, "Input should be a valid integer") { Input = item });
            if (value < 0 || value >= count)
                return (null, new ValidationIssue("index_out_of_range", loc, $"Input should be an index in [0, {count}): the data set has {count}") { Input = item });
            values[i++] = value;
        }

        return (values, null);
    }

    private static int[][] Rows(HammingIndex rows) => Enumerable.Range(0, rows.Count).Select(r => MultiHot.Drugs(rows.Row(r))).ToArray();

    private static BanditDataset Info(CombinationOracle oracle)
    {
        var dataset = oracle.Dataset;
        var options = dataset.Options;
        return new BanditDataset(oracle.Id, dataset.Seed, options.Drugs, dataset.Combinations.Count, dataset.Patterns.Count, options.MeanDrugs,
            oracle.NoiseStd, options.DangerThreshold, oracle.Observations);
    }

    private static IResult NotFound(string id) =>
        HttpReplies.Detail(StatusCodes.Status404NotFound, $"Unknown bandit data set '{Echo.Text(id)}' (closed, evicted past the store's capacity, or never created). POST /bandit/datasets opens one.");
}

/// <summary>An oracle's data set, as POST and GET /bandit/datasets return it.</summary>
internal sealed record BanditDataset(
    string DatasetId, long Seed, int NRx, int NCombinations, int NPatterns, double MeanRx, double NoiseStd, double DangerousThreshold, long Observations);

/// <summary>The hidden patterns as their ascending drug ids.</summary>
internal sealed record PatternList(int[][] Patterns);

/// <summary>Noisy relative risks in request order, and the oracle's total observations so far.</summary>
internal sealed record Observation(double[] RelativeRisks, long Observations);

/// <summary>The grade of a set of flagged combinations.</summary>
internal sealed record Score(
    double Precision, double Recall, double PatternsFound, int Flagged, int TruePositives, int Dangerous, int PatternsFlagged, int Patterns);
