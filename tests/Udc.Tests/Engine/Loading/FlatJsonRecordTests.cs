using System.Text;
using Udc.Engine.Loading;
using Udc.Fuzz.Targets;

namespace Udc.Tests.Engine.Loading;

/// <summary>
/// The flat-record scanner accepts only what <see cref="System.Text.Json.Utf8JsonReader"/> accepts, with the same tokens, and declines
/// the rest (which the reader then reads, or refuses with its own error).
/// </summary>
public sealed class FlatJsonRecordTests
{
    [Fact]
    public void TryScan_TicketRecord_FieldsInOrderWithTheirTokens()
    {
        var text = """{"ticket_id": 101, "subject":"Build 7393 failed", "score": -0.5e+3, "open": true, "closed":false, "owner": null, "note": "Zürich 🎉"} {"next": 1}"""u8;

        Assert.True(Scan(text, out var fields, out var length));

        Assert.Equal(text.IndexOf("} {"u8) + 1, length);
        Assert.Equal(
            [("ticket_id", RawKind.Number, "101"), ("subject", RawKind.String, "Build 7393 failed"), ("score", RawKind.Number, "-0.5e+3"),
             ("open", RawKind.True, "true"), ("closed", RawKind.False, "false"), ("owner", RawKind.Null, "null"), ("note", RawKind.String, "Zürich 🎉")],
            fields);
    }

    [Fact]
    public void TryScan_EmptyObject_NoFields()
    {
        Assert.True(Scan("{ \n}"u8, out var fields, out var length));

        Assert.Empty(fields);
        Assert.Equal(4, length);
    }

    [Theory]
    [InlineData("""{"a": "x\"y"}""")]
    [InlineData("""{"a\u0062": 1}""")]
    [InlineData("""{"a": {"b": 1}}""")]
    [InlineData("""{"a": [1]}""")]
    [InlineData("""{"a": 1,}""")]
    [InlineData("""{"a": 1 /* c */}""")]
    [InlineData("""{"a": 01}""")]
    [InlineData("""{"a": 1.}""")]
    [InlineData("""{"a": .5}""")]
    [InlineData("""{"a": -}""")]
    [InlineData("""{"a": +1}""")]
    [InlineData("""{"a": 1e}""")]
    [InlineData("""{"a": 1e+}""")]
    [InlineData("""{"a": tru}""")]
    [InlineData("""{"a": truex}""")]
    [InlineData("""{"a": nul}""")]
    [InlineData("""{"a": "tab	inside"}""")]
    [InlineData("{\"a\": \"a string long enough to be searched sixteen bytes at a time, \u0001 inside\"}")]
    [InlineData("""{"a" 1}""")]
    [InlineData("""{"a": 1 "b": 2}""")]
    [InlineData("""{"a": 1""")]
    [InlineData("""{"a": "open""")]
    [InlineData("""{a: 1}""")]
    [InlineData("""{'a': 1}""")]
    [InlineData("""["a"]""")]
    [InlineData(""" {"a": 1}""")]
    public void TryScan_NotAFlatRecordOrNotJson_Declined(string json)
    {
        Assert.False(Scan(Encoding.UTF8.GetBytes(json), out _, out _));
    }

    [Fact]
    public void TryScan_MoreFieldsThanItHolds_Declined()
    {
        var wide = "{" + string.Join(", ", Enumerable.Range(0, FlatJsonRecord.MaxFields + 1).Select(i => $"\"f{i}\": {i}")) + "}";
        var fitting = "{" + string.Join(", ", Enumerable.Range(0, FlatJsonRecord.MaxFields).Select(i => $"\"f{i}\": {i}")) + "}";

        Assert.False(Scan(Encoding.UTF8.GetBytes(wide), out _, out _));
        Assert.True(Scan(Encoding.UTF8.GetBytes(fitting), out var fields, out _));
        Assert.Equal(FlatJsonRecord.MaxFields, fields.Count);
    }

    /// <summary>
    /// Records built from fragments, then damaged at random (a byte changed, dropped or doubled, invalid UTF-8 and
    /// control characters among the bytes put in): wherever the scanner accepts one, the reader reads the same record,
    /// to the same byte, with the same names, kinds and tokens (the comparison of the <c>json-record</c> fuzz target).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryScan_DamagedRecords_AcceptsOnlyWhatTheReaderReadsTheSame(int seed)
    {
        var random = new Random(seed);
        var accepted = 0;
        var declined = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var record = Damage(Record(random), random);
            try
            {
                _ = FlatRecordTarget.Compare(record) ? accepted++ : declined++;
            }
            catch (InvalidOperationException e)
            {
                Assert.Fail($"{e.Message}: {Convert.ToHexString(record)} {Encoding.UTF8.GetString(record)}");
            }
        }
        // Both sides of the comparison are exercised.
        Assert.True(accepted > 2_000 && declined > 2_000, $"{accepted} accepted, {declined} declined");
    }

    private static readonly string[] s_values =
    [
        "0", "-0", "7", "-12", "3.25", "1e9", "2E-3", "-0.5e+10", "\"open\"", "\"\"", "\"Zürich\"", "\"東京 🎉\"",
        "\"a, b} {c\"", "true", "false", "null", "\"2024-02-15T15:45:22Z\"",
    ];

    private static byte[] Record(Random random)
    {
        var fields = Enumerable.Range(0, random.Next(0, 6)).Select(i => $"\"f{random.Next(4)}\"{Space(random)}:{Space(random)}{s_values[random.Next(s_values.Length)]}");
        return Encoding.UTF8.GetBytes("{" + Space(random) + string.Join($"{Space(random)},{Space(random)}", fields) + Space(random) + "}" + (random.Next(2) == 0 ? "\n" : " {}"));
    }

    private static string Space(Random random) => random.Next(4) switch { 0 => " ", 1 => "\r\n  ", _ => "" };

    private static readonly byte[] s_damage = [(byte)'"', (byte)'\\', (byte)',', (byte)'}', (byte)'{', (byte)':', (byte)'0', (byte)'.', (byte)'e', (byte)'-', (byte)' ', 0x01, 0x1F, 0x7F, 0x80, 0xC3, 0xE9, 0xFF, (byte)'/', (byte)'['];

    private static byte[] Damage(byte[] record, Random random)
    {
        if (random.Next(4) == 0 || record.Length < 2)
        {
            return record;
        }
        var bytes = record.ToList();
        var at = random.Next(bytes.Count);
        switch (random.Next(3))
        {
            case 0:
                bytes[at] = s_damage[random.Next(s_damage.Length)];
                break;
            case 1:
                bytes.RemoveAt(at);
                break;
            default:
                bytes.Insert(at, random.Next(2) == 0 ? bytes[at] : s_damage[random.Next(s_damage.Length)]);
                break;
        }
        return [.. bytes];
    }

    private static bool Scan(ReadOnlySpan<byte> text, out List<(string, RawKind, string)> fields, out int length)
    {
        Span<FlatJsonField> found = stackalloc FlatJsonField[FlatJsonRecord.MaxFields];
        fields = [];
        if (!FlatJsonRecord.TryScan(text, found, out var count, out length))
        {
            return false;
        }
        foreach (var field in found[..count])
        {
            var value = field.Kind switch
            {
                RawKind.True => "true",
                RawKind.False => "false",
                RawKind.Null => "null",
                _ => Encoding.UTF8.GetString(text.Slice(field.ValueStart, field.ValueLength)),
            };
            fields.Add((Encoding.UTF8.GetString(text.Slice(field.NameStart, field.NameLength)), field.Kind, value));
        }
        return true;
    }
}
