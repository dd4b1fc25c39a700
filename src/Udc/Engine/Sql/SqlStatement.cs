namespace Udc.Engine.Sql;

/// <summary>A parsed SELECT of UDC's subset, names not yet resolved against a source.</summary>
internal sealed record SqlStatement(
    bool Distinct,
    IReadOnlyList<SqlSelectItem>? Items,
    string Source,
    int SourcePosition,
    SqlCondition? Where,
    IReadOnlyList<SqlValue> GroupBy,
    SqlCondition? Having,
    IReadOnlyList<SqlOrder> OrderBy,
    int? Limit,
    int? Offset);

/// <summary>
/// A value a statement names: a column, an aggregate (<c>COUNT(*)</c>, <c>AVG(value)</c>), a time bucket
/// (<c>date_trunc('week', date)</c>) or a select item's position (<c>ORDER BY 2</c>).
/// </summary>
/// <param name="Function">count, sum, avg, min, max for an aggregate; null otherwise.</param>
/// <param name="Column">The column; null for <c>COUNT(*)</c> and positions.</param>
/// <param name="Bucket">hour, day, week or month for <c>date_trunc</c>.</param>
internal sealed record SqlValue(string? Function, string? Column, string? Bucket, int Ordinal, int Position)
{
    public bool IsAggregate => Function is not null;

    public string Describe() => Function is { } f ? $"{f.ToUpperInvariant()}({Column ?? "*"})" : Bucket is { } b ? $"date_trunc('{b}', {Column})" : Column ?? Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed record SqlSelectItem(SqlValue Value, string? Alias);

internal sealed record SqlOrder(SqlValue Value, bool Descending);

/// <summary>A literal as written, and its kind: <c>string</c>, <c>number</c>, <c>boolean</c> or <c>null</c>.</summary>
internal sealed record SqlLiteral(string Kind, string Text, int Position);

/// <summary>WHERE and HAVING: conditions on one value each, combined with AND, OR and NOT.</summary>
internal abstract record SqlCondition
{
    private SqlCondition()
    {
    }

    public sealed record And(IReadOnlyList<SqlCondition> Items) : SqlCondition;

    public sealed record Or(IReadOnlyList<SqlCondition> Items) : SqlCondition;

    public sealed record Not(SqlCondition Item) : SqlCondition;

    /// <param name="Operator">=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=.</param>
    public sealed record Compare(SqlValue Value, string Operator, SqlLiteral Literal) : SqlCondition;

    public sealed record In(SqlValue Value, IReadOnlyList<SqlLiteral> Literals, bool Negated) : SqlCondition;

    public sealed record Between(SqlValue Value, SqlLiteral Low, SqlLiteral High, bool Negated) : SqlCondition;

    public sealed record Like(SqlValue Value, SqlLiteral Pattern, bool Negated) : SqlCondition;

    public sealed record IsNull(SqlValue Value, bool Negated) : SqlCondition;
}
