namespace EnvServer.Client.Tests;

public sealed class EnvSessionOptionsTests
{
    [Fact]
    public void ToString_WithApiKey_RedactsTheKeyAndKeepsTheOtherSettings()
    {
        var options = EnvSessionOptions.Default with { ApiKey = "secret-key-123", MaxMessageSize = 4096 };

        var text = options.ToString();

        Assert.DoesNotContain("secret-key-123", text, StringComparison.Ordinal);
        Assert.Contains("ApiKey = [redacted]", text, StringComparison.Ordinal);
        Assert.Contains("MaxMessageSize = 4096", text, StringComparison.Ordinal);
        Assert.StartsWith("EnvSessionOptions { ConnectTimeout = 00:00:10,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithoutApiKey_SaysNull()
    {
        Assert.Contains("ApiKey = null", EnvSessionOptions.Default.ToString(), StringComparison.Ordinal);
    }
}
