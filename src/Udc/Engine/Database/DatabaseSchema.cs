using System.Collections.Frozen;

namespace Udc.Engine.Database;

/// <summary>
/// A database source's relation and exposed columns as the catalog last read them. Every identifier a statement holds
/// comes from here, quoted; a name a caller wrote reaches SQL only after the binder matched it to one of these.
/// </summary>
internal sealed class DatabaseSchema
{
    public DatabaseSchema(DatabaseSourceDefinition definition, IReadOnlyList<DatabaseColumn> columns)
    {
        Columns = columns;
        ByName = columns.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
        From = definition.Table is { } table
            ? string.Join('.', table.Split('.').Select(SqlDialect.Quote))
            : $"({definition.Query}) AS \"udc_source\"";
    }

    public IReadOnlyList<DatabaseColumn> Columns { get; }

    public FrozenDictionary<string, DatabaseColumn> ByName { get; }

    /// <summary>The FROM clause: the quoted table, or the configured SELECT as a subquery.</summary>
    public string From { get; }

    public DatabaseColumn this[string name] => ByName[name];

    /// <summary>Same names, types and order: the relation has not been altered since.</summary>
    public bool SameShape(DatabaseSchema other) => Columns.Select(c => (c.Name, c.Type)).SequenceEqual(other.Columns.Select(c => (c.Name, c.Type)));
}
