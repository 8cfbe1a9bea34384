namespace EnvServer.Client.Tests;

public sealed class EndpointUrlsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8000", "ws://127.0.0.1:8000/ws")]
    [InlineData("http://127.0.0.1:8000/", "ws://127.0.0.1:8000/ws")]
    [InlineData("https://env.example.org", "wss://env.example.org/ws")]
    [InlineData("http://127.0.0.1:8000/envs/drug-dose", "ws://127.0.0.1:8000/envs/drug-dose/ws")]
    [InlineData("http://127.0.0.1:8000/envs/drug-dose/?x=1", "ws://127.0.0.1:8000/envs/drug-dose/ws")]
    [InlineData("ws://127.0.0.1:8000", "ws://127.0.0.1:8000/ws")]
    [InlineData("wss://env.example.org/envs/sepsis/ws", "wss://env.example.org/envs/sepsis/ws")]
    public void ToWebSocket_BaseUrl_ConvertsSchemeAndAppendsWs(string baseUrl, string expected)
    {
        Assert.Equal(new Uri(expected), EndpointUrls.ToWebSocket(new Uri(baseUrl)));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/envs/drug-dose")]
    public void ToWebSocket_NotHttpOrWs_Throws(string baseUrl)
    {
        Assert.Throws<ArgumentException>(() => EndpointUrls.ToWebSocket(new Uri(baseUrl, UriKind.RelativeOrAbsolute)));
    }

    [Theory]
    [InlineData("http://h:8000", "http://h:8000/")]
    [InlineData("http://h:8000/envs/drug-dose", "http://h:8000/")]
    [InlineData("http://h:8000/prefix/envs/drug-dose/", "http://h:8000/prefix/")]
    [InlineData("http://h:8000/prefix", "http://h:8000/prefix/")]
    public void ServerRoot_BaseUrl_DropsEnvironmentSuffix(string baseUrl, string expected)
    {
        Assert.Equal(new Uri(expected), EndpointUrls.ServerRoot(new Uri(baseUrl)));
    }

    [Fact]
    public void AsDirectory_EnvironmentBase_EndsWithSlashSoRelativePathsAppend()
    {
        var directory = EndpointUrls.AsDirectory(new Uri("http://h:8000/envs/drug-dose"));

        Assert.Equal(new Uri("http://h:8000/envs/drug-dose/step"), new Uri(directory, "step"));
    }
}
