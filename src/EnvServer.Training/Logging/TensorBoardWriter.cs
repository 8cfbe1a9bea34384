using System.Buffers.Binary;
using System.Numerics;
using Google.Protobuf;

namespace EnvServer.Training.Logging;

/// <summary>
/// Scalars as a TensorBoard event file (events.out.tfevents.*), so <c>tensorboard --logdir runs/</c>
/// shows a run's curves. Each record is TFRecord-framed (length, masked CRC32C of the length, the
/// serialized Event, masked CRC32C of it); an Event holds wall_time (1), step (2) and either
/// file_version (3) or a Summary (5) whose Value has tag (1) and simple_value (2), as tensorflow's
/// event.proto and summary.proto number them. The messages are written with Google.Protobuf's
/// CodedOutputStream directly, so no generated code is needed for these three small messages.
/// </summary>
internal sealed class TensorBoardWriter : IDisposable
{
    private readonly FileStream _file;

    public TensorBoardWriter(string directory)
    {
        var name = $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.MachineName}";
        Path = System.IO.Path.Combine(directory, name);
        _file = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        WriteRecord(Event(WallTime(), step: 0, output => output.WriteString("brain.Event:2"), fieldNumber: 3));
    }

    public string Path { get; }

    public void Write(Metric metric)
    {
        var value = Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(metric.Name);
            output.WriteTag(2, WireFormat.WireType.Fixed32);
            output.WriteFloat((float)metric.Value);
        });
        var summary = Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(value));
        });
        WriteRecord(Event(WallTime(), metric.Step, output => output.WriteBytes(ByteString.CopyFrom(summary)), fieldNumber: 5));
        _file.Flush();
    }

    public void Dispose() => _file.Dispose();

    /// <summary>CRC-32C (Castagnoli) masked as TFRecord requires: rotate right by 15, add 0xa282ead8.</summary>
    internal static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    private static double WallTime() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private static byte[] Event(double wallTime, long step, Action<CodedOutputStream> writePayload, int fieldNumber) => Message(output =>
    {
        output.WriteTag(1, WireFormat.WireType.Fixed64);
        output.WriteDouble(wallTime);
        output.WriteTag(2, WireFormat.WireType.Varint);
        output.WriteInt64(step);
        output.WriteTag(fieldNumber, WireFormat.WireType.LengthDelimited);
        writePayload(output);
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    private void WriteRecord(byte[] data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc32C(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc32C(data));
        _file.Write(header);
        _file.Write(data);
        _file.Write(footer);
    }
}
