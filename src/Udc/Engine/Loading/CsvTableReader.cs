using System.Text;
using CsvHelper;
using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>
/// Reads RFC 4180 CSV with CsvHelper's UTF-8 reader. The first row names the columns; every field is untyped
/// text whose column type is inferred from all values; an empty field is null. Malformed quoting makes the
/// file fail with its line rather than be read into wrong rows.
/// </summary>
internal static class CsvTableReader
{
    private static readonly CsvReaderOptions s_options = new()
    {
        HasHeader = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        IncludeValuesInExceptions = false,
    };

    public static Table Read(byte[] csv, string fileName)
    {
        var builder = new TableBuilder(fileName);
        using var reader = CsvReader.Create(csv, s_options);
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var names = ColumnNames(reader.Headers, seen);
            foreach (var name in names)
            {
                builder.DeclareColumn(name);
            }
            while (reader.Read())
            {
                builder.BeginRow();
                var count = reader.FieldCount;
                for (var i = 0; i < count; i++)
                {
                    if (i == names.Count)
                    {
                        names.Add(Encoding.UTF8.GetBytes(UniqueName($"column_{i + 1}", seen)));
                    }
                    var field = reader.GetSpan(i);
                    builder.Add(names[i], field.IsEmpty ? RawKind.Null : RawKind.Text, field);
                }
            }
        }
        catch (CsvFormatException e)
        {
            throw new SourceLoadException(fileName, FirstLine(e.Message), e.LineNumber > 0 ? e.LineNumber : null, e.ByteOffset > 0 ? e.ByteOffset : null, e);
        }
        return builder.Build();
    }

    /// <summary>Header names, made unique (<c>name</c>, <c>name_2</c>) and never empty.</summary>
    private static List<byte[]> ColumnNames(IReadOnlyList<string> headers, HashSet<string> seen)
    {
        var names = new List<byte[]>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            names.Add(Encoding.UTF8.GetBytes(UniqueName(header.Length == 0 ? $"column_{i + 1}" : header, seen)));
        }
        return names;
    }

    private static string UniqueName(string name, HashSet<string> seen)
    {
        var candidate = name;
        for (var n = 2; !seen.Add(candidate); n++)
        {
            candidate = $"{name}_{n}";
        }
        return candidate;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
