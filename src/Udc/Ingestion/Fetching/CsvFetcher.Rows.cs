using System.Buffers;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Udc.Engine.Columns;
using Udc.Ingestion.Connectors;

namespace Udc.Ingestion.Fetching;

/// <summary>One CSV row into a record: every field a string, an empty one null; the id from its column(s).</summary>
internal static partial class CsvFetcher
{
    /// <summary>The separator of a composite id's parts; a part holding it is still told apart by its position.</summary>
    private const char IdSeparator = '|';

    /// <summary>
    /// A JSON number as written by people: digits, one point, an exponent, a leading minus. A leading zero before a
    /// digit (<c>007</c>, a code) is text, as is anything with spaces, a plus, or a thousands separator.
    /// </summary>
    private static bool IsPlainNumber(ReadOnlySpan<byte> field)
    {
        var digits = field[0] == (byte)'-' ? field[1..] : field;
        if (digits.IsEmpty || !char.IsAsciiDigit((char)digits[0]) || digits.Length > 1 && digits[0] == (byte)'0' && char.IsAsciiDigit((char)digits[1]))
        {
            return false;
        }
        var reader = new Utf8JsonReader(field, new JsonReaderOptions());
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.BytesConsumed == field.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string[] ColumnNames(CsvReader reader, ConnectorDefinition connector)
    {
        if (connector.Csv.Header)
        {
            return [.. reader.Headers];
        }
        return [.. Enumerable.Range(1, reader.FieldCount).Select(i => $"column_{i}")];
    }

    private static int[] IdIndexes(string[] names, ConnectorDefinition connector)
    {
        var indexes = new int[connector.IdFields.Count];
        for (var i = 0; i < indexes.Length; i++)
        {
            indexes[i] = Array.IndexOf(names, connector.IdFields[i]);
            if (indexes[i] < 0)
            {
                throw new FetchException($"the file has no id column '{connector.IdFields[i]}'; its columns: {string.Join(", ", names)}");
            }
        }
        return indexes;
    }

    private static void AddRow(CsvReader reader, string[] names, int[] idIndexes, ConnectorDefinition connector, FetchedPage page, ArrayBufferWriter<byte> buffer)
    {
        var raw = Encoding.UTF8.GetString(reader.RawRecord);
        if (reader.FieldCount != names.Length)
        {
            page.Rejected.Add(new RejectedRecord(null, $"has {reader.FieldCount} fields where the header has {names.Length}", raw));
            return;
        }
        var id = new StringBuilder();
        foreach (var index in idIndexes)
        {
            var part = reader.GetString(index);
            if (part.Length == 0)
            {
                page.Rejected.Add(new RejectedRecord(null, $"id column '{names[index]}' is empty", raw));
                return;
            }
            id.Append(id.Length == 0 ? "" : IdSeparator).Append(part);
        }
        var idText = id.ToString();
        if (RecordCheck.CheckId(idText, connector.IdColumn) is { } tooLong)
        {
            page.Rejected.Add(new RejectedRecord(null, tooLong, raw));
            return;
        }
        foreach (var required in connector.RequiredFields)
        {
            var index = Array.IndexOf(names, required);
            if (index < 0 || reader.GetString(index).Length == 0)
            {
                page.Rejected.Add(new RejectedRecord(idText, $"required field '{required}' is missing or empty", raw));
                return;
            }
        }
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonOutput.Encoder }))
        {
            writer.WriteStartObject();
            if (idIndexes.Length > 1)
            {
                writer.WriteString(connector.IdColumn, idText);
            }
            for (var i = 0; i < names.Length; i++)
            {
                var field = reader.GetSpan(i);
                if (field.IsEmpty)
                {
                    writer.WriteNull(names[i]);
                }
                else if (Array.IndexOf(idIndexes, i) < 0 && IsPlainNumber(field))
                {
                    // A number is served as one, as a CSV file of the data folder types its columns; ids stay text.
                    writer.WritePropertyName(names[i]);
                    writer.WriteRawValue(field, skipInputValidation: true);
                }
                else
                {
                    writer.WriteString(names[i], field);
                }
            }
            writer.WriteEndObject();
        }
        page.Records.Add(new FetchedRecord(idText, raw, buffer.WrittenSpan.ToArray()));
    }
}
