namespace EnvServer.Tools.Docs;

internal enum BlockLanguage
{
    Bash,
    Python,
}

/// <summary>
/// A fenced block the documentation marks as runnable, with <c>```bash runnable</c> or <c>```python runnable</c>:
/// quick, self-contained commands the docs check runs against a fresh server.
/// </summary>
/// <param name="File">The Markdown file, relative to the repository root.</param>
/// <param name="Line">The line of the opening fence.</param>
/// <param name="Language">How the block is run.</param>
/// <param name="Code">The block's text, as written (the documented port included).</param>
internal sealed record RunnableBlock(string File, int Line, BlockLanguage Language, string Code)
{
    /// <summary>The word after the language that marks a block as runnable.</summary>
    public const string Marker = "runnable";

    /// <summary>The address the documentation writes for the server, and the loopback form some commands use.</summary>
    private static readonly string[] DocumentedHosts = ["localhost", "127.0.0.1"];

    private const int DocumentedPort = 8000;

    public string Location => $"{File}:{Line}";

    /// <summary>Every runnable block of the documentation, in file order.</summary>
    /// <exception cref="FormatException">A block is marked runnable in a language the check cannot run.</exception>
    public static IReadOnlyList<RunnableBlock> Find(DocumentationSet docs)
    {
        var blocks = new List<RunnableBlock>();
        foreach (var file in docs.Files)
        {
            foreach (var block in file.Blocks)
            {
                var words = block.Info.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (!words.Skip(1).Contains(Marker, StringComparer.Ordinal)) continue;

                var location = $"{docs.Relative(file.Path)}:{block.Line}";
                var language = words[0] switch
                {
                    "bash" or "sh" or "shell" => BlockLanguage.Bash,
                    "python" or "python3" or "py" => BlockLanguage.Python,
                    _ => throw new FormatException($"{location}: a runnable block must be bash or python, not '{words[0]}'."),
                };
                blocks.Add(new RunnableBlock(docs.Relative(file.Path), block.Line, language, block.Code));
            }
        }

        return blocks;
    }

    /// <summary>The code with the documented server address (localhost:8000, 127.0.0.1:8000) moved to <paramref name="port"/>.</summary>
    public string CodeFor(int port) =>
        DocumentedHosts.Aggregate(Code, (code, host) => code.Replace($"{host}:{DocumentedPort}", $"{host}:{port}", StringComparison.Ordinal));
}
