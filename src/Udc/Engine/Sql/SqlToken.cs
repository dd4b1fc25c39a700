namespace Udc.Engine.Sql;

internal enum SqlTokenKind
{
    Word,
    QuotedName,
    String,
    Number,
    Symbol,
    End,
}

/// <summary>One token of a statement: its kind, its text (a quoted name or string unquoted) and where it starts.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Position)
{
    public bool IsWord(string word) => Kind == SqlTokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    public string Describe() => Kind switch
    {
        SqlTokenKind.End => "the end of the statement",
        SqlTokenKind.String => $"'{Query.TextClip.Clip(Text, 30)}'",
        SqlTokenKind.QuotedName => $"\"{Query.TextClip.Clip(Text, 30)}\"",
        _ => Query.TextClip.Clip(Text, 30),
    };
}

/// <summary>A statement UDC cannot run: where, what, and whether it is outside the subset or just malformed.</summary>
internal sealed class SqlException(string message, int position, bool unsupported) : Exception(message)
{
    public int Position => position;

    /// <summary>True for valid SQL that UDC does not take (a JOIN, a write); false for text that is not SQL.</summary>
    public bool Unsupported => unsupported;
}
