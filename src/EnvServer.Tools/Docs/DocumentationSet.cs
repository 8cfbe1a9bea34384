namespace EnvServer.Tools.Docs;

/// <summary>The documentation the docs check covers: README.md and every Markdown file under docs/.</summary>
internal sealed class DocumentationSet
{
    private DocumentationSet(string root, IReadOnlyList<MarkdownFile> files)
    {
        Root = root;
        Files = files;
    }

    /// <summary>The repository root (the directory holding EnvServer.sln).</summary>
    public string Root { get; }

    public IReadOnlyList<MarkdownFile> Files { get; }

    public static DocumentationSet Load(string root)
    {
        var docs = Path.Combine(root, "docs");
        var paths = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.Exists(docs) ? Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [])
            .Where(File.Exists);
        return new DocumentationSet(Path.GetFullPath(root), paths.Select(MarkdownFile.Load).ToList());
    }

    /// <summary>A path as the reports show it: relative to the root, with forward slashes.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>The directory holding EnvServer.sln, above the working directory or else above this program.</summary>
    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EnvServer.sln"))) return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("EnvServer.sln not found above the working directory or the tool; pass --root.");
    }
}
