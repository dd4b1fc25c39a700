using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Engine.Patching;

/// <summary>
/// Builds the table that results from applying record changes to an immutable table. The changed records are
/// read like an NDJSON file, then every row (kept, replaced or added) is fed to a <see cref="TableBuilder"/>,
/// so column types are decided exactly as on load: a change never yields a table a reload would not.
/// Cost is one pass over the table's values, without parsing: about what a reload costs minus the parse.
/// </summary>
internal static class TablePatcher
{
    public static PatchedTable Apply(Table table, Column idColumn, IReadOnlyList<RecordChange> changes, string fileName)
    {
        var delta = ReadRecords(changes, fileName);
        var deltaId = delta.Find(idColumn.Name)
            ?? throw new SourcePatchException($"no record carries the id column '{idColumn.Name}'");

        // The last change of an id wins, as if the changes were applied one after the other.
        var lastChange = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < changes.Count; i++)
        {
            var id = deltaId.FormatText(i) ?? throw new SourcePatchException($"record {i + 1} has no value for the id column '{idColumn.Name}'");
            lastChange[id] = i;
        }

        var builder = new TableBuilder(fileName);
        if (table.IsNested || delta.IsNested)
        {
            builder.MarkNested();
        }
        var tableNames = Utf8Names(table);
        var deltaNames = Utf8Names(delta);
        foreach (var name in tableNames)
        {
            // Declared up front so a column survives even if the change leaves it all null.
            builder.DeclareColumn(name);
        }

        var scratch = new byte[64];
        var idText = new char[64];
        // Most rows are kept: their ids are looked up as characters, not as a string per row.
        var changeOf = lastChange.GetAlternateLookup<ReadOnlySpan<char>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        int upserted = 0, deleted = 0;
        for (var row = 0; row < table.RowCount; row++)
        {
            if (!idColumn.IsNull(row) && changeOf.TryGetValue(IdChars(idColumn, row, ref idText), out var id, out var change))
            {
                // A replaced record keeps its place; a second row with the same id (possible only with a
                // configured, non-unique id column) is dropped with the first.
                if (done.Add(id))
                {
                    if (changes[change].Kind == RecordChangeKind.Upsert)
                    {
                        EmitRow(builder, delta, deltaNames, change, ref scratch);
                        upserted++;
                    }
                    else
                    {
                        deleted++;
                    }
                }
                continue;
            }
            EmitRow(builder, table, tableNames, row, ref scratch);
        }
        foreach (var (id, change) in lastChange.OrderBy(p => p.Value))
        {
            if (!done.Contains(id) && changes[change].Kind == RecordChangeKind.Upsert)
            {
                EmitRow(builder, delta, deltaNames, change, ref scratch);
                upserted++;
            }
        }
        return new PatchedTable(builder.Build(), upserted, deleted);
    }

    /// <summary>The changed records as one small table, row i being change i.</summary>
    public static Table ReadRecords(IReadOnlyList<RecordChange> changes, string fileName)
    {
        var ndjson = new ArrayBufferWriter<byte>();
        for (var i = 0; i < changes.Count; i++)
        {
            var json = changes[i].RecordJson.Span.Trim(" \t\r\n"u8);
            if (json.IsEmpty || json[0] != (byte)'{')
            {
                throw new SourcePatchException($"record {i + 1} is not a JSON object");
            }
            ndjson.Write(json);
            ndjson.Write("\n"u8);
        }
        try
        {
            var delta = JsonTableReader.Read(ndjson.WrittenMemory, fileName, recordPerValue: true);
            return delta.RowCount == changes.Count ? delta : throw new SourcePatchException("a record is not a single JSON object");
        }
        catch (SourceLoadException e)
        {
            throw new SourcePatchException($"the records are not valid JSON: {e.Message}");
        }
    }

    /// <summary>A row's id as <see cref="Column.FormatText"/> writes it, without a string for the common id types.</summary>
    private static ReadOnlySpan<char> IdChars(Column idColumn, int row, ref char[] buffer)
    {
        switch (idColumn)
        {
            case Int64Column integers:
                integers[row].TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
                return buffer.AsSpan(0, written);
            case StringColumn text:
                var utf8 = text.GetUtf8(row);
                if (Encoding.UTF8.GetMaxCharCount(utf8.Length) > buffer.Length)
                {
                    buffer = new char[Encoding.UTF8.GetMaxCharCount(utf8.Length)];
                }
                return buffer.AsSpan(0, Encoding.UTF8.GetChars(utf8, buffer));
            default:
                return idColumn.FormatText(row);
        }
    }

    private static byte[][] Utf8Names(Table table) => [.. table.Columns.Select(c => Encoding.UTF8.GetBytes(c.Name))];

    private static void EmitRow(TableBuilder builder, Table table, byte[][] names, int row, ref byte[] scratch)
    {
        builder.BeginRow();
        var columns = table.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            if (column.IsNull(row))
            {
                continue;
            }
            var kind = RawValue(column, row, ref scratch, out var length);
            builder.Add(names[i], kind, scratch.AsSpan(0, length));
        }
    }

    /// <summary>A value as the loaders would have seen it: its text and what kind of JSON token it was.</summary>
    private static RawKind RawValue(Column column, int row, ref byte[] scratch, out int length)
    {
        switch (column)
        {
            case Int64Column int64:
                Utf8Formatter.TryFormat(int64[row], scratch, out length);
                return RawKind.Number;
            case BooleanColumn boolean:
                length = 0;
                return boolean.FormatText(row) == "true" ? RawKind.True : RawKind.False;
            case StringColumn text:
                length = Copy(text.GetUtf8(row), ref scratch);
                return RawKind.String;
            case DoubleColumn reals:
                // "R", as DoubleColumn formats its values: the shortest text that reads back as the same double.
                reals[row].TryFormat(scratch, out length, "R", CultureInfo.InvariantCulture);
                return RawKind.Number;
            case TimestampColumn times:
                // ISO 8601 text parses back to the same instant (and a date stays a date).
                length = times.FormatUtf8(row, scratch);
                return RawKind.String;
            default:
                length = Copy(Encoding.UTF8.GetBytes(column.FormatText(row)!), ref scratch);
                return RawKind.String;
        }
    }

    private static int Copy(ReadOnlySpan<byte> value, ref byte[] scratch)
    {
        if (value.Length > scratch.Length)
        {
            scratch = new byte[Math.Max(value.Length, scratch.Length * 2)];
        }
        value.CopyTo(scratch);
        return value.Length;
    }
}

/// <summary>A patched table and how many records were upserted and deleted.</summary>
internal sealed record PatchedTable(Table Table, int Upserted, int Deleted);
