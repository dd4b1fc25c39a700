using System.Buffers.Binary;

namespace Udc.Tests.TestSupport;

/// <summary>One field of a protobuf message: its number and raw value (a varint, 8 or 4 bytes, or length-delimited bytes).</summary>
internal readonly record struct ProtobufField(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Bytes.Span);

    public IReadOnlyList<ProtobufField> Message => ProtobufReader.Read(Bytes);

    public double Double => BitConverter.Int64BitsToDouble((long)Varint);
}

/// <summary>
/// Reads the protobuf wire format (varint, fixed64, length-delimited, fixed32) into fields, enough to decode
/// OTLP requests field by field as the opentelemetry-proto definitions number them.
/// </summary>
internal static class ProtobufReader
{
    public static IReadOnlyList<ProtobufField> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtobufField>();
        var position = 0;
        var span = message.Span;
        while (position < span.Length)
        {
            var key = ReadVarint(span, ref position);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    fields.Add(new(number, wireType, ReadVarint(span, ref position), default));
                    break;
                case 1:
                    fields.Add(new(number, wireType, BinaryPrimitives.ReadUInt64LittleEndian(span[position..]), message.Slice(position, 8)));
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(span, ref position);
                    fields.Add(new(number, wireType, 0, message.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    fields.Add(new(number, wireType, BinaryPrimitives.ReadUInt32LittleEndian(span[position..]), message.Slice(position, 4)));
                    position += 4;
                    break;
                default:
                    throw new FormatException($"wire type {wireType} at byte {position} is not valid protobuf");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new FormatException("varint longer than 10 bytes");
    }
}
