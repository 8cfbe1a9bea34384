using System.Text;
using System.Text.RegularExpressions;

namespace EnvServer.Tools.Docs;

/// <summary>A fenced code block: the line of its opening fence (1-based), its info string and its text.</summary>
internal sealed record FencedBlock(int Line, string Info, string Code);

/// <summary>A Markdown link or image: the line it starts on (1-based) and its target as written.</summary>
internal sealed record MarkdownLink(int Line, string Target);

/// <summary>
/// The parts of a Markdown file the docs check needs: fenced code blocks, links outside code, and the anchors GitHub
/// gives its headings. Fences follow CommonMark (``` or ~~~, closed by the same character at least as long), so a
/// block shown inside a longer fence is not a block of its own.
/// </summary>
internal sealed partial class MarkdownFile
{
    private MarkdownFile(string path, IReadOnlyList<FencedBlock> blocks, IReadOnlyList<MarkdownLink> links, IReadOnlySet<string> anchors)
    {
        Path = path;
        Blocks = blocks;
        Links = links;
        Anchors = anchors;
    }

    public string Path { get; }

    public IReadOnlyList<FencedBlock> Blocks { get; }

    public IReadOnlyList<MarkdownLink> Links { get; }

    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownFile Load(string path) => Parse(path, File.ReadAllText(path));

    public static MarkdownFile Parse(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<FencedBlock>();
        var headings = new List<string>();

        // Prose keeps one line per source line (code lines blanked), so a link's offset gives its line number.
        var prose = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                var heading = Heading().Match(lines[i]);
                if (heading.Success) headings.Add(heading.Groups["text"].Value);
                prose.Append(lines[i]).Append('\n');
                continue;
            }

            var marker = open.Groups["marker"].Value;
            var code = new StringBuilder();
            var start = i;
            prose.Append('\n');
            for (i++; i < lines.Length && !ClosesFence(lines[i], marker); i++)
            {
                code.Append(lines[i]).Append('\n');
                prose.Append('\n');
            }

            prose.Append('\n');
            blocks.Add(new FencedBlock(start + 1, open.Groups["info"].Value.Trim(), code.ToString()));
        }

        return new MarkdownFile(path, blocks, FindLinks(prose.ToString()), GitHubAnchors(headings));
    }

    /// <summary>GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered -1, -2, ...</summary>
    public static string Slug(string heading)
    {
        var text = LinkInHeading().Replace(heading, "${text}");
        var slug = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
            else if (c == ' ') slug.Append('-');
        }

        return slug.ToString();
    }

    private static HashSet<string> GitHubAnchors(IEnumerable<string> headings)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var heading in headings)
        {
            var slug = Slug(heading);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    private static List<MarkdownLink> FindLinks(string prose)
    {
        // Inline code may show link syntax without being a link; blank it, keeping offsets.
        var withoutCode = CodeSpan().Replace(prose, m => new string(m.Value.Select(c => c == '\n' ? '\n' : ' ').ToArray()));
        return Link().Matches(withoutCode)
            .Select(m => new MarkdownLink(1 + withoutCode.AsSpan(0, m.Index).Count('\n'), m.Groups["target"].Value))
            .ToList();
    }

    private static bool ClosesFence(string line, string marker)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= marker.Length && trimmed.All(c => c == marker[0]) && line.Length - line.TrimStart().Length < 4;
    }

    [GeneratedRegex(@"^ {0,3}(?<marker>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^ {0,3}#{1,6}[ \t]+(?<text>.*?)[ \t#]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkInHeading();

    [GeneratedRegex(@"(?<!`)(?<ticks>`+)(?!`).*?(?<!`)\k<ticks>(?!`)", RegexOptions.Singleline)]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();
}
