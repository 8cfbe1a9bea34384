using System.Net;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Hosting;

/// <summary>The web console's files: the page at /, its modules under /console/, Swagger UI still at /docs.</summary>
public sealed class WebConsoleHostingTests
{
    [Fact]
    public async Task Root_ServesTheConsolePage()
    {
        await using var host = new ServerHost();

        var page = await HttpExchange.GetAsync(host.Http, "/");

        Assert.Equal((HttpStatusCode.OK, "text/html"), (page.Status, page.ContentType));
        Assert.Contains("<script type=\"module\" src=\"/console/main.js\"></script>", page.Body);
    }

    [Theory]
    [InlineData("/console/main.js", "text/javascript")]
    [InlineData("/console/views/hiv.js", "text/javascript")]
    [InlineData("/console/app.css", "text/css")]
    public async Task ConsoleAssets_AreServedWithTheirContentType(string path, string contentType)
    {
        await using var host = new ServerHost();

        var asset = await HttpExchange.GetAsync(host.Http, path);

        Assert.Equal((HttpStatusCode.OK, contentType), (asset.Status, asset.ContentType));
        Assert.NotEmpty(asset.Body);
    }

    [Fact]
    public async Task Page_LoadsNothingFromOtherHosts()
    {
        await using var host = new ServerHost();

        var page = await HttpExchange.GetAsync(host.Http, "/");

        Assert.DoesNotContain("http://", page.Body);
        Assert.DoesNotContain("https://", page.Body);
        Assert.DoesNotContain("//cdn", page.Body);
    }

    [Theory]
    [InlineData("/docs/index.html")]
    [InlineData("/openapi.json")]
    public async Task SwaggerUi_StillAnswers(string path)
    {
        await using var host = new ServerHost();

        Assert.Equal(HttpStatusCode.OK, (await HttpExchange.GetAsync(host.Http, path)).Status);
    }

    [Fact]
    public async Task UnknownConsoleAsset_Is404()
    {
        await using var host = new ServerHost();

        Assert.Equal(HttpStatusCode.NotFound, (await HttpExchange.GetAsync(host.Http, "/console/missing.js")).Status);
    }
}
