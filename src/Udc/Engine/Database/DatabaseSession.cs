using System.Data.Common;

namespace Udc.Engine.Database;

/// <summary>One read-only transaction on one pooled connection: the statements of one request run in it.</summary>
internal sealed class DatabaseSession(DbConnection connection, DbTransaction transaction) : IDisposable
{
    private readonly List<DbCommand> _commands = [];

    public DbDataReader Query(SqlText sql)
    {
        var command = connection.CreateCommand();
        _commands.Add(command);
        command.Transaction = transaction;
        command.CommandText = sql.ToString();
        foreach (var (name, value) in sql.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command.ExecuteReader();
    }

    /// <summary>The first column of the first row as an int64; 0 for no row or null.</summary>
    public long Int64(SqlText sql)
    {
        using var reader = Query(sql);
        return reader.Read() && !reader.IsDBNull(0) ? Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }
    }
}
