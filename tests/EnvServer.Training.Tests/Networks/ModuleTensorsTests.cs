using EnvServer.Training.Checkpoints;
using EnvServer.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Tests.Networks;

public sealed class ModuleTensorsTests
{
    [Fact]
    public void ExportThenImport_IntoFreshModule_GivesSameOutputs()
    {
        torch.manual_seed(1);
        var source = nn.Sequential(("0", nn.Linear(3, 4)), ("1", nn.Tanh()), ("2", nn.Linear(4, 2)));
        var copy = nn.Sequential(("0", nn.Linear(3, 4)), ("1", nn.Tanh()), ("2", nn.Linear(4, 2)));
        var path = Path.Combine(Path.GetTempPath(), $"module-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafeTensors.Save(path, ModuleTensors.Export(source, "critic."), new Dictionary<string, string>());
            var (tensors, _) = SafeTensors.Load(path);
            Assert.Equal(["critic.0.bias", "critic.0.weight", "critic.2.bias", "critic.2.weight"], tensors.Select(t => t.Name).Order());
            ModuleTensors.Import(copy, tensors, "critic.");
            using var x = torch.randn(5, 3);
            Assert.True(source.forward(x).allclose(copy.forward(x), rtol: 0, atol: 0));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Import_ShapeMismatch_NamesTheTensor()
    {
        var module = nn.Sequential(("0", nn.Linear(3, 4)));
        var tensors = new[] { new NamedTensor("0.weight", [4, 2], new float[8]), new NamedTensor("0.bias", [4], new float[4]) };
        var error = Assert.Throws<InvalidDataException>(() => ModuleTensors.Import(module, tensors));
        Assert.Contains("0.weight", error.Message);
    }

    /// <summary>The libstdc++ step: on Debian 12 libLibTorchSharp.so loads only after the build marks GLIBCXX_3.4.32
    /// weak in the output copy (Directory.Build.targets). Loading the engine and taking one optimizer step proves it.</summary>
    [Fact]
    public void Engine_LoadsAndTrainsOneStep_LossDecreases()
    {
        torch.manual_seed(7);
        var model = nn.Linear(2, 1);
        var optimizer = optim.Adam(model.parameters(), lr: 0.1);
        using var x = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var y = torch.tensor(new float[] { 1, -1 }, 2, 1);
        float Loss() => nn.functional.mse_loss(model.forward(x), y).item<float>();
        var before = Loss();
        optimizer.zero_grad();
        nn.functional.mse_loss(model.forward(x), y).backward();
        optimizer.step();
        Assert.True(Loss() < before);
    }
}
