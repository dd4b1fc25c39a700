using CsvHelper;
using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Features.Export;

/// <summary>
/// RFC 4180 CSV with CsvHelper: UTF-8 without a byte order mark, CRLF, a header row of column names, fields
/// quoted only when they need it. Values are written as /data writes them in JSON (the same timestamps,
/// <c>true</c>/<c>false</c>, shortest round-trip numbers); a null is an empty field.
/// </summary>
internal static class CsvExport
{
    /// <summary>
    /// Text that starts with <c>= + - @</c>, tab or CR would run as a formula in a spreadsheet (OWASP's CSV
    /// injection list), so it gets a leading <c>'</c>. Numbers are never text here: <c>-5</c> stays a number.
    /// </summary>
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        InjectionCharacters = FormulaText.InjectionCharacters,
        InjectionEscape = FormulaText.Escape,
        TrueValue = "true",
        FalseValue = "false",
        NewLine = "\r\n",
    };

    public static async Task WriteAsync(QueryResult result, ResponseBodyStream body)
    {
        var fields = result.Spec.Fields;
        if (fields.Count == 0)
        {
            return;
        }
        var csv = CsvWriter.Create(body, Options, leaveOpen: true);
        await using (csv)
        {
            foreach (var column in fields)
            {
                csv.WriteField(column.Name);
            }
            csv.EndRecord();
            foreach (var part in result.Parts())
            {
                var partFields = part.Spec.Fields;
                var rows = part.Rows.Length;
                for (var i = 0; i < rows; i++)
                {
                    WriteRow(csv, partFields, part.Rows[i]);
                    await body.FlushIfFullAsync();
                }
            }
            csv.Flush();
        }
        await body.FlushAsync();
    }

    private static void WriteRow(CsvWriter csv, IReadOnlyList<Column> fields, int row)
    {
        Span<byte> scratch = stackalloc byte[TimestampColumn.MaxFormattedLength];
        for (var c = 0; c < fields.Count; c++)
        {
            var column = fields[c];
            if (column.IsNull(row))
            {
                csv.WriteField((string?)null);
                continue;
            }
            switch (column)
            {
                case StringColumn text:
                    csv.WriteField(text.GetUtf8(row));
                    break;
                case Int64Column integers:
                    csv.WriteField(integers[row], default);
                    break;
                case DoubleColumn reals:
                    csv.WriteField(reals[row], default);
                    break;
                case BooleanColumn booleans:
                    csv.WriteField(booleans[row]);
                    break;
                case TimestampColumn times:
                    // ISO 8601 text starts with a digit, so the injection rule never touches it.
                    csv.WriteField(scratch[..times.FormatUtf8(row, scratch)]);
                    break;
                default:
                    csv.WriteField(column.FormatText(row));
                    break;
            }
        }
        csv.EndRecord();
    }
}
