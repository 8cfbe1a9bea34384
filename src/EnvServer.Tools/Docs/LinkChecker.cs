using System.Text.RegularExpressions;

namespace EnvServer.Tools.Docs;

/// <summary>
/// Relative links of the documentation that do not resolve: the file or directory must exist inside the repository,
/// and an anchor into a Markdown file must be one of its headings' GitHub anchors. Links with a scheme
/// (https:, mailto:) are not followed.
/// </summary>
internal static partial class LinkChecker
{
    /// <returns>One line per broken link: <c>docs/x.md:12: target: why</c>.</returns>
    public static IReadOnlyList<string> BrokenLinks(DocumentationSet docs)
    {
        var byPath = docs.Files.ToDictionary(f => Path.GetFullPath(f.Path), StringComparer.Ordinal);
        var broken = new List<string>();
        foreach (var file in docs.Files)
        {
            foreach (var link in file.Links)
            {
                var problem = Check(docs.Root, file, link.Target, byPath);
                if (problem is not null) broken.Add($"{docs.Relative(file.Path)}:{link.Line}: {link.Target}: {problem}");
            }
        }

        return broken;
    }

    private static string? Check(string root, MarkdownFile file, string target, Dictionary<string, MarkdownFile> byPath)
    {
        if (Scheme().IsMatch(target)) return null;
        if (target.StartsWith('/')) return "absolute paths do not resolve on GitHub or Hugging Face; use a relative one";

        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var pathPart = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var anchor = hash < 0 ? null : target[(hash + 1)..];

        var resolved = pathPart.Length == 0 ? Path.GetFullPath(file.Path) : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file.Path)!, pathPart));
        if (!resolved.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return "points outside the repository";
        if (!File.Exists(resolved) && !Directory.Exists(resolved)) return "no such file or directory";
        if (string.IsNullOrEmpty(anchor) || !resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return null;

        var anchors = byPath.TryGetValue(resolved, out var linked) ? linked.Anchors : MarkdownFile.Load(resolved).Anchors;
        return anchors.Contains(Uri.UnescapeDataString(anchor)) ? null : "no heading has this anchor";
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
