using System.Data.Common;
using System.Globalization;

namespace Udc.Engine.Database;

/// <summary>
/// One read-only transaction on one pooled connection: the statements of one request run in it and see one snapshot.
/// The transaction starts with the first statements sent, in their round trip, so a request that needs one batch of
/// statements costs the database one round trip.
/// </summary>
internal abstract class DatabaseSession : IDisposable
{
    /// <summary>One statement's rows; the transaction stays open for more.</summary>
    public DbDataReader Query(SqlText sql) => Send([sql], end: false);

    /// <summary>The first column of the first row as an int64; 0 for no row or null.</summary>
    public long Int64(SqlText sql)
    {
        using var reader = Query(sql);
        return Int64(reader);
    }

    /// <summary>
    /// Sends <paramref name="statements"/> together and hands each one's rows to <paramref name="read"/> in order.
    /// With <paramref name="end"/> the transaction ends with them, in the same round trip.
    /// </summary>
    public virtual void Batch(IReadOnlyList<SqlText> statements, Action<int, DbDataReader> read, bool end)
    {
        using var reader = Send(statements, end);
        for (var i = 0; i < statements.Count; i++)
        {
            if (i > 0)
            {
                reader.NextResult();
            }
            read(i, reader);
        }
    }

    /// <summary>The first column of the reader's first row as an int64; 0 for no row or null.</summary>
    public static long Int64(DbDataReader reader) =>
        reader.Read() && !reader.IsDBNull(0) ? Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) : 0;

    /// <summary>Sends the statements in one round trip; the reader stands on the first one's rows.</summary>
    protected abstract DbDataReader Send(IReadOnlyList<SqlText> statements, bool end);

    /// <summary>Ends the transaction if the statements sent left it open.</summary>
    public abstract void End();

    protected static void Bind(DbCommand command, SqlText sql) => Bind(command.Parameters, command.CreateParameter, sql);

    protected static void Bind(DbParameterCollection parameters, Func<DbParameter> create, SqlText sql)
    {
        foreach (var (name, value) in sql.Parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value;
            parameters.Add(parameter);
        }
    }

    public abstract void Dispose();
}
