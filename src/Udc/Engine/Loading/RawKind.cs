namespace Udc.Engine.Loading;

/// <summary>What a loader saw for one value, before the column's type is decided.</summary>
internal enum RawKind : byte
{
    /// <summary>null, or a key missing from the record.</summary>
    Null,

    /// <summary>A JSON string (unescaped text).</summary>
    String,

    /// <summary>A JSON number (its token text).</summary>
    Number,

    True,
    False,

    /// <summary>A JSON array kept as its JSON text.</summary>
    JsonText,

    /// <summary>A CSV field: untyped text whose type is inferred from its content.</summary>
    Text,
}
