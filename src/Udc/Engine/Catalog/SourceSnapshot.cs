using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Engine.Catalog;

/// <summary>
/// One loaded version of a source. Immutable: a reload builds a new snapshot and swaps it in, so a query
/// that started on this one finishes on it.
/// </summary>
internal sealed class SourceSnapshot
{
    private static readonly string[] s_timeColumnNames = ["created_at", "timestamp", "date", "time", "datetime", "updated_at"];

    private SourceProfile? _profile;

    public SourceSnapshot(SourceDefinition definition, Table table, long version, DateTimeOffset fileModifiedAt, DateTimeOffset loadedAt, TimeSpan loadDuration, string contentTag = "", LoadOrigin origin = LoadOrigin.File,
        IPushdownReader? pushdown = null)
    {
        Pushdown = pushdown;
        ContentTag = contentTag;
        Origin = origin;
        Definition = definition;
        Table = table;
        Version = version;
        FileModifiedAt = fileModifiedAt;
        LoadedAt = loadedAt;
        LoadDuration = loadDuration;
        IdColumn = definition.IdColumn is { } id ? table.Find(id) : InferIdColumn(definition, table, pushdown?.Profile);
        TimeColumn = definition.TimeColumn is { } time ? table.Find(time) as TimestampColumn : InferTimeColumn(table);
        Noun = definition.Noun is { } noun ? Noun.FromSingular(noun) : Noun.FromFileStem(Path.GetFileNameWithoutExtension(definition.Path));
        DataType = ClassifyDataType(table, IdColumn, TimeColumn);
    }

    /// <summary>The same version of the source over other columns: the rows a database returned for one request.</summary>
    private SourceSnapshot(SourceSnapshot source, Table rows)
    {
        (Definition, Table, Version, ContentTag, Origin) = (source.Definition, rows, source.Version, source.ContentTag, source.Origin);
        (FileModifiedAt, LoadedAt, LoadDuration, Noun, DataType) = (source.FileModifiedAt, source.LoadedAt, source.LoadDuration, source.Noun, source.DataType);
        IdColumn = source.IdColumn is { } id ? rows.Find(id.Name) : null;
        TimeColumn = source.TimeColumn is { } time ? rows.Find(time.Name) as TimestampColumn : null;
        _profile = source.Profile;
    }

    /// <summary>
    /// Reads rows elsewhere (a database) rather than from <see cref="Table"/>, which then holds the columns' names and
    /// types without rows; null for a source held in memory.
    /// </summary>
    public IPushdownReader? Pushdown { get; }

    /// <summary>This version of the source over <paramref name="rows"/> read for one request, so writers and sentences read them as its own.</summary>
    public SourceSnapshot WithRows(Table rows) => new(this, rows);

    public SourceDefinition Definition { get; }

    public string Name => Definition.Name;

    public Table Table { get; }

    /// <summary>Unique across all snapshots of all sources in this process; part of every cache key.</summary>
    public long Version { get; }

    /// <summary>
    /// The same in every process that holds the same data (file bytes, definition, applied changes); shared
    /// caches key on it. Empty for a snapshot built by hand.
    /// </summary>
    public string ContentTag { get; }

    public DateTimeOffset FileModifiedAt { get; }

    public DateTimeOffset LoadedAt { get; }

    public TimeSpan LoadDuration { get; }

    /// <summary>Whether the table was parsed from the file or read from a snapshot of it.</summary>
    public LoadOrigin Origin { get; }

    public Column? IdColumn { get; }

    public TimestampColumn? TimeColumn { get; }

    public Noun Noun { get; }

    public DataType DataType { get; }

    public int RowCount => Pushdown?.RowCount ?? Table.RowCount;

    /// <summary>Column statistics for discovery, computed on first use (read by the catalog for a database source).</summary>
    public SourceProfile Profile => Pushdown?.Profile ?? LazyInitializer.EnsureInitialized(ref _profile, () => SourceProfile.Build(Table));

    /// <summary>
    /// <c>id</c>, else <c>{noun}_id</c>, else the first <c>*_id</c> column, provided its values are unique:
    /// <c>support_tickets.json</c> has <c>ticket_id</c> and <c>customer_id</c>, and only the first identifies.
    /// </summary>
    /// <param name="profile">A database source's statistics, which say what its columns without rows cannot.</param>
    internal static Column? InferIdColumn(SourceDefinition definition, Table table, SourceProfile? profile)
    {
        var stem = Noun.FromFileStem(Path.GetFileNameWithoutExtension(definition.Path)).Singular;
        var candidates = table.Columns
            .Where(c => c.Type is ColumnType.Int64 or ColumnType.String)
            .OrderBy(c => c.Name == "id" ? 0 : c.Name == stem + "_id" ? 1 : c.Name.EndsWith("_id", StringComparison.Ordinal) ? 2 : 3)
            .Where(c => c.Name == "id" || c.Name.EndsWith("_id", StringComparison.Ordinal));
        if (profile is not null)
        {
            var rows = profile.Columns.Count == 0 ? 0 : profile.Columns.Max(p => p.NullCount + p.DistinctCount);
            return candidates.FirstOrDefault(c => profile.Columns.FirstOrDefault(p => p.Column == c) is { NullCount: 0 } p && p.DistinctCount == rows && rows > 0);
        }
        return candidates.FirstOrDefault(c => !c.Nulls.HasNulls && !c.HasRepeats);
    }

    private static TimestampColumn? InferTimeColumn(Table table)
    {
        var timestamps = table.Columns.OfType<TimestampColumn>().ToList();
        foreach (var name in s_timeColumnNames)
        {
            if (timestamps.Find(c => c.Name == name) is { } preferred)
            {
                return preferred;
            }
        }
        return timestamps.FirstOrDefault();
    }

    private static DataType ClassifyDataType(Table table, Column? idColumn, TimestampColumn? timeColumn)
    {
        if (table.IsNested)
        {
            return DataType.Hierarchical;
        }
        var hasMeasure = table.Columns.Any(c => c != idColumn && c.Type is ColumnType.Double
            || c.Type == ColumnType.Int64 && c != idColumn && !c.Name.EndsWith("_id", StringComparison.Ordinal) && c.Name != "id");
        // Records that carry their own identity (orders, tickets) are tabular even with a time and an amount.
        return timeColumn is not null && hasMeasure && idColumn is null ? DataType.TimeSeries : DataType.Tabular;
    }
}
