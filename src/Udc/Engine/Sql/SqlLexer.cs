using System.Text;

namespace Udc.Engine.Sql;

/// <summary>
/// Splits a statement into tokens: words, <c>"quoted names"</c>, <c>'strings'</c> (<c>''</c> is a quote), numbers and
/// symbols. Comments (<c>--</c> to the end of the line, <c>/* */</c>) are skipped. Anything else is an error at its position.
/// </summary>
internal static class SqlLexer
{
    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (true)
        {
            while (i < sql.Length && char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            if (i >= sql.Length)
            {
                tokens.Add(new SqlToken(SqlTokenKind.End, "", i));
                return tokens;
            }
            var c = sql[i];
            var start = i;
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new SqlException("a /* comment is not closed", start, unsupported: false);
                }
                i = end + 2;
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i], start));
            }
            else if (char.IsAsciiDigit(c) || c == '.' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1]))
            {
                while (i < sql.Length && (char.IsAsciiDigit(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }
                if (i < sql.Length && sql[i] is 'e' or 'E')
                {
                    i++;
                    if (i < sql.Length && sql[i] is '+' or '-')
                    {
                        i++;
                    }
                    while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                    {
                        i++;
                    }
                }
                tokens.Add(new SqlToken(SqlTokenKind.Number, sql[start..i], start));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(new SqlToken(c == '\'' ? SqlTokenKind.String : SqlTokenKind.QuotedName, Quoted(sql, ref i, c), start));
            }
            else if (i + 1 < sql.Length && sql.Substring(i, 2) is "<>" or "!=" or "<=" or ">=" or "||")
            {
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, sql.Substring(i, 2), start));
                i += 2;
            }
            else if ("=<>(),*;+-/%.".Contains(c))
            {
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), start));
                i++;
            }
            else
            {
                throw new SqlException($"unexpected character '{c}'", start, unsupported: false);
            }
        }
    }

    /// <summary>A quoted string or name; a doubled quote inside stands for one.</summary>
    private static string Quoted(string sql, ref int i, char quote)
    {
        var start = i;
        var text = new StringBuilder();
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    text.Append(quote);
                    i += 2;
                    continue;
                }
                i++;
                return text.ToString();
            }
            text.Append(sql[i++]);
        }
        throw new SqlException(quote == '\'' ? "a string is not closed: a ' is missing" : "a quoted name is not closed: a \" is missing", start, unsupported: false);
    }
}
