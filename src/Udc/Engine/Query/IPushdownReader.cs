using Udc.Engine.Catalog;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Query;

/// <summary>
/// Where a snapshot's rows are read when they are not held in memory (a database source): the bound request is
/// compiled and run there. <see cref="QueryExecutor"/> and <see cref="Aggregator"/> hand a snapshot that has one to
/// it, so every surface (<c>/data</c>, exports, tools, SQL, analytics) reads a database source through the same
/// calls as a data file. Results carry the rows read as columns of their own, written by the same writers.
/// </summary>
internal interface IPushdownReader
{
    /// <summary>Rows in the relation as last counted.</summary>
    int RowCount { get; }

    /// <summary>Column statistics as the catalog read them.</summary>
    SourceProfile Profile { get; }

    QueryResult Execute(SourceSnapshot snapshot, QuerySpec spec);

    int Count(SourceSnapshot snapshot, QuerySpec spec);

    AggregateResult Aggregate(SourceSnapshot snapshot, QuerySpec query, AggregateSpec spec);
}
