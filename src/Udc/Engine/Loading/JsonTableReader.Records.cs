using System.Buffers;
using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>Records and values: how the tokens of one document or chunk become rows.</summary>
internal ref partial struct JsonTableReader
{
    private void ReadDocument()
    {
        if (!_reader.Read())
        {
            return;
        }
        if (_reader.TokenType == JsonTokenType.StartArray)
        {
            ReadArrayOfRecords();
            ExpectEnd();
            return;
        }
        if (_recordPerValue || _reader.TokenType != JsonTokenType.StartObject || !TryReadWrappedArray())
        {
            ReadRecord();
            ReadConcatenatedRecords();
        }
    }

    /// <summary>Every top-level value is one record: NDJSON, or a single object.</summary>
    private void ReadConcatenatedRecords()
    {
        while (_reader.Read())
        {
            ReadRecord();
        }
    }

    private void ReadArrayOfRecords()
    {
        while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
        {
            ReadRecord();
        }
    }

    private void ExpectEnd()
    {
        if (_reader.Read())
        {
            throw PositionedError("unexpected content after the top-level array", _reader.TokenStartIndex);
        }
    }

    /// <summary>
    /// <c>{"customers": [ ... ]}</c> is a common export shape: a lone top-level object whose first property
    /// holding an array of objects is the table. Tried on a copy of the reader; on any other shape the object
    /// is read as records from the start.
    /// </summary>
    private bool TryReadWrappedArray()
    {
        var probe = _reader;
        probe.Skip();
        if (probe.Read())
        {
            return false;
        }

        var scan = _reader;
        while (scan.Read() && scan.TokenType == JsonTokenType.PropertyName)
        {
            scan.Read();
            if (scan.TokenType == JsonTokenType.StartArray)
            {
                var first = scan;
                if (first.Read() && first.TokenType == JsonTokenType.StartObject)
                {
                    _reader = scan;
                    ReadArrayOfRecords();
                    return true;
                }
            }
            scan.Skip();
        }
        return false;
    }

    private void ReadRecord()
    {
        _builder.BeginRow();
        switch (_reader.TokenType)
        {
            case JsonTokenType.StartObject:
                ReadObject(0);
                break;
            default:
                // A bare value where a record belongs is kept, under one column, rather than dropped.
                ReadValue(ValueColumn);
                break;
        }
        EndRecord(_base + _reader.BytesConsumed);
    }

    /// <summary>A flat record scanned by <see cref="FlatJsonRecord"/>: the same values, in the same order, as <see cref="ReadRecord"/> adds.</summary>
    private void AddFlatRecord(ReadOnlySpan<byte> record, scoped ReadOnlySpan<FlatJsonField> fields)
    {
        _builder.BeginRow();
        foreach (var field in fields)
        {
            var value = field.Kind is RawKind.String or RawKind.Number ? record.Slice(field.ValueStart, field.ValueLength) : default;
            _builder.Add(record.Slice(field.NameStart, field.NameLength), field.Kind, value);
        }
    }

    /// <param name="consumed">Where the record ends in the text being read.</param>
    private void EndRecord(long consumed)
    {
        if (++_unreported == ReportEvery)
        {
            _builder.ProjectRows(consumed, _length);
            _abort?.ThrowIfSet();
            ReportProgress(consumed);
        }
    }

    private void ReadObject(int prefixLength)
    {
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var pathLength = AppendToPath(prefixLength);
            _reader.Read();
            if (_reader.TokenType == JsonTokenType.StartObject)
            {
                _builder.MarkNested();
                _path[pathLength] = (byte)'.';
                ReadObject(pathLength + 1);
                continue;
            }
            ReadValue(_path.AsSpan(0, pathLength));
        }
    }

    private void ReadValue(ReadOnlySpan<byte> name)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.String:
                _builder.Add(name, RawKind.String, Unescaped());
                break;
            case JsonTokenType.Number:
                _builder.Add(name, RawKind.Number, _reader.ValueSpan);
                break;
            case JsonTokenType.True:
                _builder.Add(name, RawKind.True, default);
                break;
            case JsonTokenType.False:
                _builder.Add(name, RawKind.False, default);
                break;
            case JsonTokenType.Null:
                _builder.Add(name, RawKind.Null, default);
                break;
            case JsonTokenType.StartArray:
                _builder.MarkNested();
                _builder.Add(name, RawKind.JsonText, CompactArray());
                break;
        }
    }

    /// <summary>Appends the current property name to the path after <paramref name="prefixLength"/> bytes.</summary>
    private int AppendToPath(int prefixLength)
    {
        var name = Unescaped();
        var needed = prefixLength + name.Length + 1;
        if (needed > _path.Length)
        {
            Array.Resize(ref _path, Math.Max(needed, _path.Length * 2));
        }
        name.CopyTo(_path.AsSpan(prefixLength));
        return prefixLength + name.Length;
    }

    private ReadOnlySpan<byte> Unescaped()
    {
        if (!_reader.ValueIsEscaped)
        {
            return _reader.ValueSpan;
        }
        if (_scratch.Length < _reader.ValueSpan.Length)
        {
            _scratch = new byte[Math.Max(_reader.ValueSpan.Length, _scratch.Length * 2)];
        }
        try
        {
            return _scratch.AsSpan(0, _reader.CopyString(_scratch));
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 next to an escape sequence: keep the value, with replacement characters, as the
            // column builder does for unescaped text.
            var repaired = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(_reader.ValueSpan));
            return JsonUnescaper.Unescape(repaired);
        }
    }

    /// <summary>The current array re-written without whitespace; arrays are rare, so a document is fine here.</summary>
    private ReadOnlySpan<byte> CompactArray()
    {
        var start = (int)_reader.TokenStartIndex;
        _reader.Skip();
        var raw = _json[start..(int)_reader.BytesConsumed];
        var buffer = new ArrayBufferWriter<byte>(raw.Length);
        using var document = JsonDocument.Parse(raw.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            document.WriteTo(writer);
        }
        return buffer.WrittenSpan;
    }
}
