using System.Text;
using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Engine.Database;

/// <summary>One bound filter as a SQL predicate, with the in-memory engine's meaning for each operator and type.</summary>
internal sealed partial class PushdownCompiler
{
    private void Filter(SqlText sql, Filter filter)
    {
        var column = schema[filter.Column.Name];
        if (filter.Operator == FilterOperator.IsNull)
        {
            sql.Append(Quoted(column)).Append(filter.Operands[0].Int64 != 0 ? " IS NULL" : " IS NOT NULL");
            return;
        }
        // A value that differs from every operand: NOT of the match, which SQL leaves unknown for nulls, as the engine drops them.
        var negate = filter.Operator == FilterOperator.NotEqual;
        sql.Append(negate ? "NOT (" : "(");
        switch (column.Type)
        {
            case ColumnType.String:
                Text(sql, column, filter);
                break;
            case ColumnType.Timestamp:
                Instants(sql, column, filter);
                break;
            default:
                Ordered(sql, column, filter);
                break;
        }
        sql.Append(")");
    }

    private void Text(SqlText sql, DatabaseColumn column, Filter filter)
    {
        var folded = dialect.Fold(dialect.Read(column));
        if (filter.Operator is FilterOperator.In or FilterOperator.NotEqual && listedValues(column.Name) is { } listed)
        {
            // The catalog knows every value of a low-cardinality column: equality becomes exact values the database can
            // find through an index, with the case-insensitive meaning kept (OPEN matches open).
            var exact = listed.Where(v => filter.Operands.Any(o => v.ToLowerInvariant() == FoldedText(o))).ToList();
            sql.Append(exact.Count == 0 ? "1 = 0" : $"{SqlDialect.Quote(column.Name)} IN ({string.Join(", ", exact.Select(v => sql.Parameter(v)))})");
            return;
        }
        if (filter.Operator is FilterOperator.In or FilterOperator.NotEqual)
        {
            sql.Append(folded).Append(" IN (").Append(string.Join(", ", filter.Operands.Select(o => sql.Parameter(FoldedText(o))))).Append(")");
            return;
        }
        var parts = filter.Operands.Select(o =>
        {
            var value = sql.Parameter(FoldedText(o));
            return filter.Operator switch
            {
                FilterOperator.Contains => dialect.Contains(folded, value),
                FilterOperator.StartsWith => dialect.StartsWith(folded, value),
                _ => dialect.Like(folded, value),
            };
        });
        sql.Append(string.Join(" OR ", parts));
    }

    /// <summary>A bare date covers its whole day: equality is a range, and each bound takes the side of the day that keeps its meaning.</summary>
    private void Instants(SqlText sql, DatabaseColumn column, Filter filter)
    {
        var instant = dialect.Instant(column);
        var operand = filter.Operands[0];
        switch (filter.Operator)
        {
            case FilterOperator.GreaterThan:
                sql.Append(instant).Append(" > ").Value(dialect.InstantValue(operand.Int64End));
                break;
            case FilterOperator.GreaterThanOrEqual:
                sql.Append(instant).Append(" >= ").Value(dialect.InstantValue(operand.Int64));
                break;
            case FilterOperator.LessThan:
                sql.Append(instant).Append(" < ").Value(dialect.InstantValue(operand.Int64));
                break;
            case FilterOperator.LessThanOrEqual:
                sql.Append(instant).Append(" <= ").Value(dialect.InstantValue(operand.Int64End));
                break;
            default:
                sql.Append(string.Join(" OR ", filter.Operands.Select(o =>
                    $"{instant} BETWEEN {sql.Parameter(dialect.InstantValue(o.Int64))} AND {sql.Parameter(dialect.InstantValue(o.Int64End))}")));
                break;
        }
    }

    private void Ordered(SqlText sql, DatabaseColumn column, Filter filter)
    {
        var name = Quoted(column);
        if (filter.Operator is FilterOperator.In or FilterOperator.NotEqual)
        {
            sql.Append(name).Append(" IN (").Append(string.Join(", ", filter.Operands.Select(o => sql.Parameter(Value(column, o))))).Append(")");
            return;
        }
        var op = filter.Operator switch
        {
            FilterOperator.GreaterThan => " > ",
            FilterOperator.GreaterThanOrEqual => " >= ",
            FilterOperator.LessThan => " < ",
            _ => " <= ",
        };
        sql.Append(name).Append(op).Value(Value(column, filter.Operands[0]));
    }

    private object Value(DatabaseColumn column, Operand operand) => column.Type switch
    {
        ColumnType.Double => operand.Double,
        ColumnType.Boolean => dialect.BooleanValue(operand.Int64 != 0),
        _ => operand.Int64,
    };

    /// <summary>The column itself, so the database can use its indexes; SQLite's instants compare through <c>udc_ms</c>.</summary>
    private string Quoted(DatabaseColumn column) => column.Type == ColumnType.Timestamp ? dialect.Instant(column) : SqlDialect.Quote(column.Name);

    private static string FoldedText(Operand operand) => operand.FoldedUtf8 is { } folded ? Encoding.UTF8.GetString(folded) : operand.Text.ToLowerInvariant();
}
