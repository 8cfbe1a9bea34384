using EnvServer.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Networks;

/// <summary>
/// Moves a TorchSharp module's parameters and buffers to and from safetensors' named tensors, by the names of its
/// <c>state_dict</c> (the names PyTorch gives the same module: <c>critic.0.weight</c>, <c>actor_mean.4.bias</c>, ...),
/// so a checkpoint written here loads into PyTorch with <c>safetensors.torch.load_file</c> and back.
/// </summary>
internal static class ModuleTensors
{
    public static IReadOnlyList<NamedTensor> Export(nn.Module module, string prefix = "") =>
        module.state_dict()
            .Select(entry => new NamedTensor(
                prefix + entry.Key,
                entry.Value.shape.Select(dimension => (int)dimension).ToArray(),
                entry.Value.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray()))
            .ToList();

    /// <summary>Copies every tensor of the module's state from <paramref name="tensors"/>; a missing name or a shape
    /// that differs is an error naming the tensor, never a silent partial load.</summary>
    public static void Import(nn.Module module, IReadOnlyList<NamedTensor> tensors, string prefix = "", string source = "checkpoint")
    {
        var byName = tensors.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var (name, target) in module.state_dict())
        {
            if (!byName.TryGetValue(prefix + name, out var tensor)) throw new InvalidDataException($"{source}: tensor {prefix + name} is missing.");
            var shape = target.shape.Select(dimension => (int)dimension).ToArray();
            if (!shape.SequenceEqual(tensor.Shape))
                throw new InvalidDataException($"{source}: tensor {prefix + name} has shape [{string.Join(", ", tensor.Shape)}], the network needs [{string.Join(", ", shape)}].");
            using var values = torch.tensor(tensor.Data, tensor.Shape.Select(dimension => (long)dimension).ToArray());
            target.copy_(values);
        }
    }
}
