using EnvServer.Agent.Core.Llm;

namespace EnvServer.Agent.Tests.Llm;

public class LlmOptionsTests
{
    [Fact]
    public void FromSettings_Nothing_KeepsTheSeedsDefaultsAndNoKey()
    {
        var options = LlmOptions.FromSettings(_ => null);

        Assert.Equal(("https://router.huggingface.co/v1", "Qwen/Qwen2.5-72B-Instruct", false), (options.BaseUrl.ToString(), options.Model, options.HasApiKey));
    }

    [Fact]
    public void FromSettings_HfTokenAndOpenAiKey_PrefersHfTokenAndSkipsEmptyValues()
    {
        var settings = new Dictionary<string, string?>
        {
            ["API_BASE_URL"] = "http://127.0.0.1:9000/v1",
            ["MODEL_NAME"] = "",
            ["HF_TOKEN"] = "hf_x",
            ["OPENAI_API_KEY"] = "sk_y",
        };

        var options = LlmOptions.FromSettings(key => settings.GetValueOrDefault(key));

        Assert.Equal(("http://127.0.0.1:9000/v1", "Qwen/Qwen2.5-72B-Instruct", "hf_x"), (options.BaseUrl.ToString(), options.Model, options.ApiKey));
        Assert.Equal("sk_y", LlmOptions.FromSettings(key => key == "OPENAI_API_KEY" ? "sk_y" : key == "HF_TOKEN" ? " " : null).ApiKey);
    }

    [Theory]
    [InlineData("router.huggingface.co/v1")]
    [InlineData("ftp://example/v1")]
    public void FromSettings_BadBaseUrl_NamesTheSetting(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => LlmOptions.FromSettings(key => key == "API_BASE_URL" ? url : null));

        Assert.StartsWith($"API_BASE_URL must be an absolute http(s) URL, got '{url}'.", error.Message);
    }
}
