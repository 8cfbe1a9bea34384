extern alias tools;

using tools::EnvServer.Tools.Docs;

namespace EnvServer.Api.Tests.Docs;

/// <summary>
/// Every relative link of README.md and docs/ resolves: the file or directory exists in the repository, and an anchor
/// names a heading of the linked Markdown file. The same checker is also tried on hand-made broken links.
/// </summary>
public sealed class DocsLinksTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("docs-links-").FullName;

    [Fact]
    public void BrokenLinks_RepositoryDocumentation_NoneBroken()
    {
        var docs = DocumentationSet.Load(DocumentationSet.FindRoot());

        Assert.Contains(docs.Files, f => docs.Relative(f.Path) == "README.md");
        Assert.Contains(docs.Files, f => docs.Relative(f.Path) == "docs/README.md");
        Assert.True(docs.Files.Sum(f => f.Links.Count) > 50, "the documentation's links were not found");
        Assert.Empty(LinkChecker.BrokenLinks(docs));
    }

    [Fact]
    public void Links_DocsTableOfContents_ListsEveryDocsFile()
    {
        var docs = DocumentationSet.Load(DocumentationSet.FindRoot());
        var contents = docs.Files.Single(f => docs.Relative(f.Path) == "docs/README.md");
        var linked = contents.Links.Select(l => l.Target.Split('#')[0]).ToHashSet(StringComparer.Ordinal);

        var unlisted = docs.Files
            .Select(f => docs.Relative(f.Path))
            .Where(p => p.StartsWith("docs/", StringComparison.Ordinal) && p != "docs/README.md")
            .Where(p => !linked.Contains(p["docs/".Length..]))
            .ToList();

        Assert.Empty(unlisted);
    }

    [Fact]
    public void BrokenLinks_MissingFileWrongAnchorOutsideAndAbsolute_EachReportedWithLine()
    {
        Write("README.md", "# Top\n\nSee [guide](docs/guide.md#setup) and [missing](docs/nope.md).\n\n![figure](docs/images/a.png)\n");
        Write("docs/guide.md", "# Guide\n\n## Set up, `quickly`\n\n[back](../README.md#top) [wrong](../README.md#bottom)\n"
            + "[outside](../../x.md) [absolute](/docs/guide.md) [web](https://example.org/x) [here](#set-up-quickly)\n");

        var broken = LinkChecker.BrokenLinks(DocumentationSet.Load(scratch));

        Assert.Equal(
            [
                "README.md:3: docs/guide.md#setup: no heading has this anchor",
                "README.md:3: docs/nope.md: no such file or directory",
                "README.md:5: docs/images/a.png: no such file or directory",
                "docs/guide.md:5: ../README.md#bottom: no heading has this anchor",
                "docs/guide.md:6: ../../x.md: points outside the repository",
                "docs/guide.md:6: /docs/guide.md: absolute paths do not resolve on GitHub or Hugging Face; use a relative one",
            ],
            broken);
    }

    [Fact]
    public void Links_InCodeBlocksAndCodeSpans_AreNotLinks()
    {
        var file = MarkdownFile.Parse("x.md", "`[a](nope.md)` text\n\n````markdown\n```bash\n[b](nope.md)\n```\n````\n\n[multi\nline](yes.md)\n");

        Assert.Equal([new MarkdownLink(9, "yes.md")], file.Links);
    }

    [Theory]
    [InlineData("Client-side: `EnvServerPool`", "client-side-envserverpool")]
    [InlineData("POST /agent/suggest", "post-agentsuggest")]
    [InlineData("Pre-trained checkpoints (models/)", "pre-trained-checkpoints-models")]
    [InlineData("TRL (`environment_factory`)", "trl-environment_factory")]
    [InlineData("Standalone vs federated on the same patients (hiv)", "standalone-vs-federated-on-the-same-patients-hiv")]
    public void Slug_Heading_IsGitHubAnchor(string heading, string anchor) => Assert.Equal(anchor, MarkdownFile.Slug(heading));

    [Fact]
    public void Anchors_RepeatedHeadings_AreNumbered()
    {
        var file = MarkdownFile.Parse("x.md", "# Tests\n\n## Tests\n\n```bash\n# Tests\n```\n\n### Tests\n");

        Assert.Equal(new HashSet<string> { "tests", "tests-1", "tests-2" }, file.Anchors);
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private void Write(string path, string text)
    {
        var full = Path.Combine(scratch, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
