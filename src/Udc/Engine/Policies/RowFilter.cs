using Udc.Engine.Query;
using Udc.Engine.Sql;

namespace Udc.Engine.Policies;

/// <summary>
/// A row policy as written: a condition in the WHERE language of <c>POST /query</c> (<c>tenant_id = 42</c>,
/// <c>region IN ('eu', 'uk')</c>, <c>amount &lt; 1000 AND NOT archived</c>), parsed once into the same
/// <see cref="FilterNode"/> tree SQL compiles to, so the binder that checks every request checks it too.
/// </summary>
internal static class RowFilter
{
    /// <summary>A row filter is a condition, not a program: 2,000 characters is dozens of terms.</summary>
    public const int MaxLength = 2_000;

    /// <summary>The condition tree of <paramref name="text"/>, or why it is not a condition.</summary>
    public static FilterNode? Parse(string text, out string? error)
    {
        error = null;
        if (text.Length > MaxLength)
        {
            error = $"a row filter has at most {MaxLength} characters";
            return null;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a row filter is a condition such as tenant_id = 42";
            return null;
        }
        try
        {
            // The condition is parsed as the WHERE of a statement; anything after it (an ORDER BY, a LIMIT) is refused below.
            var statement = SqlParser.Parse("SELECT * FROM policy WHERE " + text);
            if (statement.GroupBy.Count > 0 || statement.Having is not null || statement.OrderBy.Count > 0 || statement.Limit is not null || statement.Offset is not null)
            {
                error = "a row filter is only a condition (no GROUP BY, HAVING, ORDER BY, LIMIT or OFFSET)";
                return null;
            }
            var plan = SqlCompiler.Compile(statement);
            return plan.Rows.Condition ?? throw new SqlException("a row filter needs a condition", 0, unsupported: false);
        }
        catch (SqlException e)
        {
            error = $"not a condition UDC can read: {e.Message}; write it as a SQL WHERE, e.g. tenant_id = 42 or region IN ('eu', 'uk')";
            return null;
        }
    }
}
