using System.Buffers.Binary;
using System.Text;
using EnvServer.Training.Logging;
using Google.Protobuf;

namespace EnvServer.Training.Tests.Logging;

public sealed class TensorBoardWriterTests
{
    [Fact]
    public void MaskedCrc32C_CheckString_IsTheMaskedCastagnoliCheckValue()
    {
        // CRC-32C of "123456789" is 0xE3069283 (the standard check value); TFRecord masks it.
        const uint crc = 0xE3069283;
        var masked = ((crc >> 15) | (crc << 17)) + 0xa282ead8u;

        Assert.Equal(masked, TensorBoardWriter.MaskedCrc32C("123456789"u8));
    }

    [Fact]
    public void Write_Scalars_AreTfRecordsOfEventsWithFileVersionThenSummaries()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        string path;
        using (var writer = new TensorBoardWriter(directory))
        {
            writer.Write(new Metric("charts/episodic_return", 128, 97.5));
            writer.Write(new Metric("losses/approx_kl", 256, 0.0125));
            path = writer.Path;
        }

        var records = ReadRecords(File.ReadAllBytes(path));

        Assert.Equal(3, records.Count);
        Assert.Equal("brain.Event:2", ParseEvent(records[0]).FileVersion);
        var first = ParseEvent(records[1]);
        Assert.Equal((128L, "charts/episodic_return", 97.5f), (first.Step, first.Tag, first.Value));
        var second = ParseEvent(records[2]);
        Assert.Equal((256L, "losses/approx_kl", 0.0125f), (second.Step, second.Tag, second.Value));
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(path));
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Reads TFRecord framing and checks both CRCs of every record.</summary>
    private static List<byte[]> ReadRecords(byte[] file)
    {
        var records = new List<byte[]>();
        var position = 0;
        while (position < file.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(position));
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + 8)), TensorBoardWriter.MaskedCrc32C(file.AsSpan(position, 8)));
            var data = file.AsSpan(position + 12, length).ToArray();
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + 12 + length)), TensorBoardWriter.MaskedCrc32C(data));
            records.Add(data);
            position += 12 + length + 4;
        }

        return records;
    }

    private static (long Step, string? FileVersion, string? Tag, float Value) ParseEvent(byte[] data)
    {
        var input = new CodedInputStream(data);
        long step = 0;
        string? fileVersion = null, tag = null;
        var value = float.NaN;
        uint field;
        while ((field = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(field))
            {
                case 1: input.ReadDouble(); break;
                case 2: step = input.ReadInt64(); break;
                case 3: fileVersion = input.ReadString(); break;
                case 5: (tag, value) = ParseSummary(input.ReadBytes()); break;
                default: input.SkipLastField(); break;
            }
        }

        return (step, fileVersion, tag, value);
    }

    private static (string Tag, float Value) ParseSummary(ByteString summary)
    {
        var outer = new CodedInputStream(summary.ToByteArray());
        Assert.Equal(1, WireFormat.GetTagFieldNumber(outer.ReadTag()));
        var inner = new CodedInputStream(outer.ReadBytes().ToByteArray());
        string tag = "";
        var value = float.NaN;
        uint field;
        while ((field = inner.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(field) == 1) tag = inner.ReadString();
            else if (WireFormat.GetTagFieldNumber(field) == 2) value = inner.ReadFloat();
            else inner.SkipLastField();
        }

        return (tag, value);
    }
}
