using System.Diagnostics;
using System.Globalization;

namespace EnvServer.Tools.Docs;

/// <summary>
/// <c>docs-check</c>: runs the blocks README.md and docs/ mark as runnable (<c>```bash runnable</c>,
/// <c>```python runnable</c>) against a fresh server, one after the other, and fails naming the file and line of
/// every block that exits non-zero or runs too long. Prints <c>docs: N passed, M failed</c> last; exit 1 on a failure.
/// </summary>
internal sealed class DocsCheckCommand : IToolCommand
{
    private static readonly TimeSpan LongestServerStart = TimeSpan.FromSeconds(300);

    public string Name => "docs-check";

    public string Summary => "run the documentation's runnable command blocks against a fresh server";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var options = DocsCheckOptions.Parse(args, Console.Error);
        if (options is null) return 2;
        if (options.Help)
        {
            output.WriteLine(DocsCheckOptions.Usage);
            return 0;
        }

        return RunAsync(options, output).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(DocsCheckOptions options, TextWriter output)
    {
        var docs = DocumentationSet.Load(options.Root ?? DocumentationSet.FindRoot());
        IReadOnlyList<RunnableBlock> blocks;
        try
        {
            blocks = RunnableBlock.Find(docs);
        }
        catch (FormatException e)
        {
            output.WriteLine($"docs-check: {e.Message}");
            return 1;
        }

        if (options.List)
        {
            foreach (var block in blocks) output.WriteLine($"{block.Location} {block.Language.ToString().ToLowerInvariant()}: {FirstLine(block.Code)}");
            return 0;
        }

        if (blocks.Count == 0)
        {
            output.WriteLine($"docs-check: no block of {docs.Root}'s README.md or docs/ is marked '{RunnableBlock.Marker}'.");
            return 1;
        }

        var clock = Stopwatch.StartNew();
        var results = new List<BlockResult>();
        try
        {
            await using var server = await DocsServer.StartAsync(docs.Root, Min(LongestServerStart, options.Timeout), options.NoBuild);
            output.WriteLine(Invariant($"docs-check: {blocks.Count} runnable blocks against {server.Url} (started in {clock.Elapsed.TotalSeconds:0.0} s)"));
            using var runner = new BlockRunner(docs.Root, server.Port, options.Python);
            foreach (var block in blocks)
            {
                var left = options.Timeout - clock.Elapsed;
                var result = left <= TimeSpan.Zero
                    ? new BlockResult(block, false, Invariant($"not run: the check's --timeout of {options.Timeout.TotalSeconds:0} s was reached"), TimeSpan.Zero, [])
                    : await runner.RunAsync(block, Min(options.BlockTimeout, left));
                results.Add(result);
                Report(result, output);
            }
        }
        catch (InvalidOperationException e)
        {
            output.WriteLine($"docs-check: {e.Message}");
            results.AddRange(blocks.Skip(results.Count).Select(b => new BlockResult(b, false, "not run: no server", TimeSpan.Zero, [])));
        }

        var failed = results.Count(r => !r.Passed);
        output.WriteLine(Invariant($"docs-check took {clock.Elapsed.TotalSeconds:0.0} s"));
        output.WriteLine($"docs: {results.Count - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static void Report(BlockResult result, TextWriter output)
    {
        var language = result.Block.Language.ToString().ToLowerInvariant();
        output.WriteLine(Invariant($"{(result.Passed ? "ok    " : "FAILED")} {result.Block.Location} ({language}, {result.Elapsed.TotalSeconds:0.0} s){(result.Passed ? "" : ": " + result.Outcome)}"));
        if (result.Passed) return;
        output.WriteLine($"       {FirstLine(result.Block.Code)}");
        foreach (var line in result.OutputTail) output.WriteLine($"     | {line}");
    }

    private static string FirstLine(string code) => code.Split('\n').FirstOrDefault(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))?.Trim() ?? "";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
