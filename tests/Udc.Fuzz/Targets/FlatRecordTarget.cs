using System.Text.Json;
using Udc.Engine.Loading;

namespace Udc.Fuzz.Targets;

/// <summary>
/// The flat-record scanner against <see cref="Utf8JsonReader"/>: whatever the scanner accepts, the reader reads to the
/// same byte with the same names, kinds and tokens. Declining is always allowed (the reader then reads the record).
/// </summary>
internal sealed class FlatRecordTarget : FuzzTarget
{
    /// <summary>The reader's options on a chunk's records: trailing commas allowed, comments refused.</summary>
    private static readonly JsonReaderOptions s_readerOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowMultipleValues = true,
    };

    public override string Name => "json-record";

    public override void Run(ReadOnlySpan<byte> input) => Compare(input);

    /// <summary>True when the scanner accepts <paramref name="input"/>; throws when the reader does not read it the same.</summary>
    public static bool Compare(ReadOnlySpan<byte> input)
    {
        Span<FlatJsonField> fields = stackalloc FlatJsonField[FlatJsonRecord.MaxFields];
        if (!FlatJsonRecord.TryScan(input, fields, out var count, out var length))
        {
            return false;
        }
        var reader = new Utf8JsonReader(input, isFinalBlock: true, new JsonReaderState(s_readerOptions));
        try
        {
            Require(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "the reader sees no object");
            foreach (var field in fields[..count])
            {
                Require(reader.Read() && reader.TokenType == JsonTokenType.PropertyName && !reader.ValueIsEscaped
                    && reader.ValueSpan.SequenceEqual(input.Slice(field.NameStart, field.NameLength)), "a name differs");
                Require(reader.Read() && KindOf(reader.TokenType) == field.Kind, "a value's kind differs");
                Require(field.Kind is not (RawKind.String or RawKind.Number) || (!reader.ValueIsEscaped
                    && reader.ValueSpan.SequenceEqual(input.Slice(field.ValueStart, field.ValueLength))), "a value's token differs");
            }
            Require(reader.Read() && reader.TokenType == JsonTokenType.EndObject, "the reader's object has more fields");
            Require(reader.BytesConsumed == length, "the record ends elsewhere");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException("the scanner accepted a record the reader refuses: " + e.Message, e);
        }
        return true;
    }

    private static RawKind? KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.String => RawKind.String,
        JsonTokenType.Number => RawKind.Number,
        JsonTokenType.True => RawKind.True,
        JsonTokenType.False => RawKind.False,
        JsonTokenType.Null => RawKind.Null,
        _ => null,
    };

    private static void Require(bool condition, string difference)
    {
        if (!condition)
        {
            throw new InvalidOperationException("the scanner and the reader disagree: " + difference);
        }
    }
}
