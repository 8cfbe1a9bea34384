using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EnvServer.Training.Checkpoints;

/// <summary>One named float32 tensor of a checkpoint.</summary>
internal sealed record NamedTensor(string Name, int[] Shape, float[] Data);

/// <summary>
/// The safetensors format (huggingface/safetensors), float32 only: an 8-byte little-endian header
/// length, a JSON header mapping each tensor name to its dtype, shape and byte range (plus a
/// <c>__metadata__</c> map of strings), padded with spaces to 8 bytes, then the little-endian data.
/// Python reads it with <c>safetensors.torch.load_file</c> or <c>safe_open</c>.
/// </summary>
internal static class SafeTensors
{
    private const string MetadataKey = "__metadata__";

    public static void Save(Stream stream, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            foreach (var (key, value) in metadata) json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var tensor in tensors)
            {
                if (tensor.Data.Length != tensor.Shape.Aggregate(1, (a, b) => a * b))
                    throw new ArgumentException($"Tensor {tensor.Name}: {tensor.Data.Length} values do not fill shape [{string.Join(", ", tensor.Shape)}].");
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var dimension in tensor.Shape) json.WriteNumberValue(dimension);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += tensor.Data.Length * sizeof(float));
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // The data starts 8-byte aligned: pad the header with spaces, which the format allows.
        while (header.Length % 8 != 0) header.WriteByte((byte)' ');
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        header.Position = 0;
        header.CopyTo(stream);
        foreach (var tensor in tensors) WriteLittleEndian(stream, tensor.Data);
    }

    public static void Save(string path, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        using var file = File.Create(path);
        Save(file, tensors, metadata);
    }

    public static (IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file, path);
    }

    public static (IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Load(Stream stream, string name = "checkpoint")
    {
        Span<byte> length = stackalloc byte[8];
        stream.ReadExactly(length);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(length);
        if (headerLength > 100_000_000) throw new InvalidDataException($"{name}: header of {headerLength} bytes is not a safetensors header.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataStart = stream.Position;

        using var document = JsonDocument.Parse(header);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<NamedTensor>();
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            if (entry.Name == MetadataKey)
            {
                foreach (var item in entry.Value.EnumerateObject()) metadata[item.Name] = item.Value.GetString() ?? "";
                continue;
            }

            var dtype = entry.Value.GetProperty("dtype").GetString();
            if (dtype != "F32") throw new InvalidDataException($"{name}: tensor {entry.Name} is {dtype}; only F32 is supported.");
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            var data = new float[(offsets[1] - offsets[0]) / sizeof(float)];
            if (data.Length != shape.Aggregate(1, (a, b) => a * b)) throw new InvalidDataException($"{name}: tensor {entry.Name} has a byte range that does not match its shape.");
            stream.Position = dataStart + offsets[0];
            stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
            if (!BitConverter.IsLittleEndian) ReverseEach(data);
            tensors.Add(new NamedTensor(entry.Name, shape, data));
        }

        return (tensors, metadata);
    }

    private static void WriteLittleEndian(Stream stream, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }

        var copy = (float[])data.Clone();
        ReverseEach(copy);
        stream.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
    }

    private static void ReverseEach(float[] data)
    {
        var bits = MemoryMarshal.Cast<float, uint>(data.AsSpan());
        for (var i = 0; i < bits.Length; i++) bits[i] = BinaryPrimitives.ReverseEndianness(bits[i]);
    }
}
