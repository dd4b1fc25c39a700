using System.Buffers;
using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>
/// Reads JSON and NDJSON straight into columns with <see cref="Utf8JsonReader"/>: no document, no object per
/// record. Nested objects become dot paths (<c>address.city</c>); arrays are kept as compact JSON text. A large
/// top-level array or NDJSON file is cut into chunks of whole records that are read on every core
/// (<see cref="RecordChunks"/>), where a flat record is scanned without the reader (<see cref="FlatJsonRecord"/>);
/// anything else, and any chunk that fails, is read in one piece by the reader alone.
/// </summary>
internal ref partial struct JsonTableReader
{
    /// <summary>Exports in the wild carry trailing commas and comments; neither should cost a source.</summary>
    private static readonly JsonReaderOptions s_options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    /// <summary>
    /// Comments are rare, and the reader's comment-skipping path costs on every token (about 6 % of a load on the
    /// seeded tickets): a file is read without it first, and read again with it only when that fails.
    /// </summary>
    private static readonly JsonReaderOptions s_strictOptions = s_options with { CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>An element of a top-level array read on its own sits one level higher than inside the array.</summary>
    private static readonly JsonReaderOptions s_elementOptions = s_strictOptions with { MaxDepth = s_options.MaxDepth - 1 };

    /// <summary>Progress is reported, and a failed sibling chunk noticed, every 1,024 records: about every 150 KB.</summary>
    private const int ReportEvery = 1024;

    private static ReadOnlySpan<byte> ValueColumn => "value"u8;

    private static ReadOnlySpan<byte> WhiteSpace => " \t\r\n"u8;

    private ReadOnlySpan<byte> _json;

    /// <summary>The length of the whole text being read (<see cref="_json"/> moves along a chunk of array elements).</summary>
    private readonly int _length;
    private readonly TableBuilder _builder;
    private readonly bool _recordPerValue;
    private readonly LoadProgress? _progress;
    private readonly ChunkAbort? _abort;
    private Utf8JsonReader _reader;
    private byte[] _path = new byte[256];
    private byte[] _scratch = new byte[256];

    /// <summary>Where <see cref="_json"/> starts in the text being read, for progress.</summary>
    private int _base;
    private long _reported;
    private int _unreported;

    private JsonTableReader(ReadOnlySpan<byte> json, TableBuilder builder, bool recordPerValue, JsonReaderOptions options, LoadProgress? progress, ChunkAbort? abort)
    {
        _json = json;
        _length = json.Length;
        _builder = builder;
        _recordPerValue = recordPerValue;
        _progress = progress;
        _abort = abort;
        _reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(options with { AllowMultipleValues = true }));
    }

    /// <param name="recordPerValue">NDJSON: every top-level value is a record, never a wrapper to unwrap.</param>
    /// <param name="options">Cores and progress; by default every core, without progress.</param>
    public static Table Read(ReadOnlyMemory<byte> json, string fileName, bool recordPerValue = false, LoadOptions? options = null)
    {
        options ??= LoadOptions.Default;
        if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }
        var chunks = options.ChunkCount(json.Length);
        if (chunks > 1 && TryReadChunks(json, fileName, recordPerValue, chunks, options.Progress) is { } table)
        {
            return table;
        }
        try
        {
            return ReadWhole(json.Span, fileName, recordPerValue, s_strictOptions, options.Progress);
        }
        catch (SourceLoadException)
        {
            return ReadWhole(json.Span, fileName, recordPerValue, s_options, options.Progress);
        }
    }

    private static Table ReadWhole(ReadOnlySpan<byte> json, string fileName, bool recordPerValue, JsonReaderOptions options, LoadProgress? progress)
    {
        progress?.BeginParsing(chunks: 1);
        var builder = new TableBuilder(fileName);
        var reader = new JsonTableReader(json, builder, recordPerValue, options, progress, abort: null);
        try
        {
            reader.ReadDocument();
        }
        catch (JsonException e)
        {
            throw new SourceLoadException(fileName, Reason(e), (e.LineNumber ?? 0) + 1, e.BytePositionInLine, e);
        }
        catch (InvalidOperationException e)
        {
            throw reader.PositionedError(e.Message, reader._reader.TokenStartIndex);
        }
        reader.ReportProgress(reader._base + reader._reader.BytesConsumed);
        progress?.Begin(LoadPhase.Building);
        return builder.Build();
    }

    /// <summary>The file in chunks on every core; null when it has no such shape or a chunk fails.</summary>
    private static Table? TryReadChunks(ReadOnlyMemory<byte> json, string fileName, bool recordPerValue, int count, LoadProgress? progress)
    {
        var span = json.Span;
        var first = span.IndexOfAnyExcept(WhiteSpace);
        var isArray = first >= 0 && span[first] == '[';
        var cuts = isArray ? RecordChunks.JsonArray(span, count) : recordPerValue ? RecordChunks.JsonLines(span, count) : null;
        if (cuts is not { Length: > 2 })
        {
            return null;
        }
        var builders = ChunkedRead.Run(cuts.Length - 1, progress, (i, abort) =>
        {
            var builder = new TableBuilder(fileName);
            var chunk = json.Span[cuts[i]..cuts[i + 1]];
            var reader = new JsonTableReader(chunk, builder, recordPerValue: true, s_strictOptions, progress, abort);
            reader.ReadChunkRecords(chunk, isArray, isLast: i == cuts.Length - 2);
            reader.ReportProgress(chunk.Length);
            return builder;
        });
        if (builders is null)
        {
            return null;
        }
        progress?.Begin(LoadPhase.Building);
        return TableAssembler.Build(fileName, builders);
    }

    /// <summary>An error at an absolute byte offset, reported as a line and a byte within it like the reader's own.</summary>
    private readonly SourceLoadException PositionedError(string reason, long offset)
    {
        var before = _json[..(int)Math.Min(offset, _json.Length)];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return new SourceLoadException(_builder.FileName, reason, line, before.Length - lineStart);
    }

    private static string Reason(JsonException e)
    {
        // The runtime's message repeats the position it also gives as numbers; keep only the reason.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    /// <summary>
    /// The records of one chunk, one at a time: a flat object is scanned by <see cref="FlatJsonRecord"/>, and any
    /// other record is read by a reader of its own (a reader cannot start inside an array either), so that the
    /// common record is read in one pass at its own pace. In a chunk of a top-level array the records are separated by
    /// commas: white space, a record, white space, a comma, and so on; a chunk that is not the last must end right
    /// after a comma, where the next chunk's first record starts. A chunk of NDJSON has only white space between them.
    /// </summary>
    private void ReadChunkRecords(ReadOnlySpan<byte> chunk, bool isArray, bool isLast)
    {
        // An element of a top-level array sits one level deeper in the file than it does read on its own.
        var state = new JsonReaderState((isArray ? s_elementOptions : s_strictOptions) with { AllowMultipleValues = true });
        Span<FlatJsonField> fields = stackalloc FlatJsonField[FlatJsonRecord.MaxFields];
        var position = 0;
        while (SkipWhiteSpace(chunk, ref position))
        {
            if (FlatJsonRecord.TryScan(chunk[position..], fields, out var count, out var length))
            {
                AddFlatRecord(chunk[position..], fields[..count]);
                position += length;
                EndRecord(position);
            }
            else
            {
                _base = position;
                _json = chunk[position..];
                _reader = new Utf8JsonReader(_json, isFinalBlock: true, state);
                _reader.Read();
                ReadRecord();
                position += (int)_reader.BytesConsumed;
            }
            if (!isArray)
            {
                continue;
            }
            if (!SkipWhiteSpace(chunk, ref position))
            {
                if (!isLast)
                {
                    throw new InvalidOperationException("the chunk does not end between two records");
                }
                return;
            }
            if (chunk[position] != ',')
            {
                throw new InvalidOperationException("records of the array are not separated by a comma");
            }
            position++;
        }
    }

    /// <summary>Moves past white space; false at the end of <paramref name="text"/>.</summary>
    private static bool SkipWhiteSpace(ReadOnlySpan<byte> text, ref int position)
    {
        var next = text[position..].IndexOfAnyExcept(WhiteSpace);
        position = next < 0 ? text.Length : position + next;
        return next >= 0;
    }

    /// <param name="consumed">How far into the text being read the records go.</param>
    private void ReportProgress(long consumed)
    {
        if (_progress is null)
        {
            return;
        }
        _progress.Advance(consumed - _reported, _unreported);
        _reported = consumed;
        _unreported = 0;
    }
}
