using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using EnvServer.Training.Checkpoints;

namespace EnvServer.Training.Tests.Checkpoints;

public sealed class SafeTensorsTests
{
    private static readonly NamedTensor[] Tensors =
    [
        new("0.weight", [2, 3], [1f, -2f, 3.5f, 0.25f, 1e-7f, -0f]),
        new("0.bias", [2], [0.5f, -0.5f]),
    ];

    private static readonly Dictionary<string, string> Metadata = new() { ["format"] = "pt", ["sizes"] = "[3,2]" };

    [Fact]
    public void SaveThenLoad_TensorsAndMetadata_RoundTripExactly()
    {
        var stream = new MemoryStream();
        SafeTensors.Save(stream, Tensors, Metadata);
        stream.Position = 0;

        var (tensors, metadata) = SafeTensors.Load(stream);

        Assert.Equal(Metadata, metadata);
        Assert.Equal(Tensors.Length, tensors.Count);
        for (var i = 0; i < Tensors.Length; i++)
        {
            Assert.Equal(Tensors[i].Name, tensors[i].Name);
            Assert.Equal(Tensors[i].Shape, tensors[i].Shape);
            Assert.Equal(Tensors[i].Data, tensors[i].Data);
        }
    }

    /// <summary>Reads the bytes as the safetensors specification lays them out, without our loader.</summary>
    [Fact]
    public void Save_Layout_FollowsTheSafetensorsSpecification()
    {
        var stream = new MemoryStream();
        SafeTensors.Save(stream, Tensors, Metadata);
        var bytes = stream.ToArray();

        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength).TrimEnd(' ')).RootElement;
        Assert.Equal("pt", header.GetProperty("__metadata__").GetProperty("format").GetString());

        var dataStart = 8 + headerLength;
        var totalData = 0;
        foreach (var tensor in Tensors)
        {
            var entry = header.GetProperty(tensor.Name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.Shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt32()).ToArray();
            Assert.Equal(tensor.Data.Length * 4, offsets[1] - offsets[0]);
            for (var k = 0; k < tensor.Data.Length; k++)
            {
                var value = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + offsets[0] + 4 * k));
                Assert.Equal(tensor.Data[k], value);
            }

            totalData += offsets[1] - offsets[0];
        }

        Assert.Equal(bytes.Length, dataStart + totalData);
    }

    [Fact]
    public void Save_ShapeThatDoesNotMatchTheData_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => SafeTensors.Save(new MemoryStream(), [new NamedTensor("x", [2, 2], [1f])], Metadata));

        Assert.Contains("x", error.Message);
    }
}
