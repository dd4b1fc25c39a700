using System.Text.RegularExpressions;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Tools;

/// <summary>
/// Generates the tools from the live catalog: the sources as an enum, every column a source can be filtered
/// on as a parameter, and the values of low-cardinality columns as enums, so the model sees exactly what can
/// be asked and nothing is written by hand.
/// </summary>
internal static partial class ToolSetBuilder
{
    /// <summary>
    /// At most 60 columns become parameters of their own: about 3,000 tokens of schema. Columns past that,
    /// and columns whose names are not valid parameter names (such as <c>address.city</c>), are reached through
    /// <c>conditions</c>.
    /// </summary>
    public const int MaxColumnParameters = 60;

    /// <summary>Ten conditions cover any question a person asks in one breath.</summary>
    public const int MaxConditions = 10;

    /// <summary>A tool's own result is bounded separately; 20 groups read well and fit the token budget.</summary>
    public const int DefaultAggregateLimit = 20;

    private const string SourceParameter = "source";
    private const string ConditionsParameter = "conditions";

    private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal)
    {
        SourceParameter, ConditionsParameter, "id", AggregateSpec.GroupByParameter, AggregateSpec.MetricsParameter, AggregateSpec.LimitParameter,
        QueryParameters.Page, QueryParameters.PageSize, QueryParameters.Sort, QueryParameters.Fields, QueryParameters.Text,
        QueryParameters.Stream, QueryParameters.StartDate, QueryParameters.EndDate,
    };

    /// <param name="caller">A key limited to some sources: the tools describe only those. Null for every source.</param>
    public static ToolSet Build(SourceCatalog catalog, ClientIdentity? caller = null)
    {
        var snapshots = catalog.Sources.Select(s => s.Snapshot).OfType<SourceSnapshot>()
            .Where(s => caller?.CanRead(s.Name) != false).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var columns = FilterColumns(snapshots);
        var source = SourceParameterFor(snapshots);
        var filters = FilterParameters(snapshots, columns);

        var fetch = new ToolDefinition(ToolNames.FetchData,
            "Fetch rows of a data source that match filters, one page at a time. Returns data (the rows), metadata.total_results (the count of all matches) and metadata.voice_context (a sentence that can be read aloud). To count, call with page_size 1 and read total_results.",
            [source, .. filters,
             new(QueryParameters.Sort, ToolValueType.String, "Columns to order by, comma-separated; prefix - for descending, e.g. -created_at. Default: newest first on the time column.") { MaxLength = 200 },
             new(QueryParameters.Fields, ToolValueType.Array, "Only these columns in each row; fewer columns keep the answer short.") { Items = new("column", ToolValueType.String, "A column name."), MaxItems = 50 },
             new(QueryParameters.Page, ToolValueType.Integer, "1-based page number.") { Minimum = 1, Maximum = QueryLimits.MaxPage },
             new(QueryParameters.PageSize, ToolValueType.Integer, "Rows per page, default 10.") { Minimum = 1, Maximum = QueryLimits.MaxPageSize }]);

        var aggregate = new ToolDefinition(ToolNames.AggregateData,
            "Count rows and compute metrics, optionally per group, over the rows that match the filters. Groups come largest first. Use it for totals, breakdowns, averages, minimums and maximums.",
            [source, .. filters,
             new(AggregateSpec.GroupByParameter, ToolValueType.Array, "Columns to group by, e.g. [\"status\", \"priority\"].") { Items = new("column", ToolValueType.String, "A column name."), MaxItems = AggregateSpec.MaxGroupColumns },
             new(AggregateSpec.MetricsParameter, ToolValueType.Array, "Metrics per group: count, or sum:column, avg:column, min:column, max:column. Default: count.") { Items = new("metric", ToolValueType.String, "A metric such as count or avg:value.") { MaxLength = 100 }, MaxItems = 10 },
             new(AggregateSpec.LimitParameter, ToolValueType.Integer, $"Groups to return, default {DefaultAggregateLimit}.") { Minimum = 1, Maximum = AggregateSpec.MaxLimit }]);

        var withIds = snapshots.Where(s => s.IdColumn is not null).ToList();
        var record = new ToolDefinition(ToolNames.GetRecord,
            "Get one record by its id. Id columns: " + (withIds.Count == 0 ? "none." : string.Join(", ", withIds.Select(s => $"{s.Name} by {s.IdColumn!.Name}")) + "."),
            [new(SourceParameter, ToolValueType.String, "The data source.") { Required = true, Enum = withIds.Count == 0 ? null : [.. withIds.Select(s => s.Name)] },
             new("id", ToolValueType.String, "The record's id, e.g. 123.") { Required = true, MaxLength = QueryLimits.MaxValueLength }]);

        var list = new ToolDefinition(ToolNames.ListSources,
            "List the data sources with their row counts, columns, column types and the values of low-cardinality columns.",
            []);

        return new ToolSet([fetch, aggregate, record, list], snapshots, caller);
    }

    private static ToolParameter SourceParameterFor(IReadOnlyList<SourceSnapshot> snapshots)
    {
        var described = string.Join("; ", snapshots.Select(s =>
            $"{s.Name}: {s.Noun.Plural} ({s.RowCount} rows{(s.IdColumn is { } id ? $", id {id.Name}" : "")}{(s.TimeColumn is { } time ? $", time {time.Name}" : "")})"));
        return new ToolParameter(SourceParameter, ToolValueType.String, "The data source. " + described)
        {
            Required = true,
            Enum = snapshots.Count == 0 ? null : [.. snapshots.Select(s => s.Name)],
        };
    }

    private static List<ToolParameter> FilterParameters(IReadOnlyList<SourceSnapshot> snapshots, IReadOnlyList<FilterColumn> columns)
    {
        var parameters = new List<ToolParameter>(columns.Count + 4);
        foreach (var column in columns)
        {
            var valueNote = column.ValuesBySource.Count == 0
                ? ""
                : " Values: " + string.Join("; ", column.ValuesBySource.Select(v => $"{v.Source}: {string.Join(", ", v.Values)}")) + ".";
            parameters.Add(new ToolParameter(column.Name, column.Type, $"Equals (case-insensitive). {column.TypeName} column of {string.Join(", ", column.Sources)}.{valueNote}")
            {
                Enum = column.Enum,
                MaxLength = column.Type == ToolValueType.String ? QueryLimits.MaxValueLength : null,
            });
        }
        var hasTime = snapshots.Any(s => s.TimeColumn is not null);
        if (hasTime)
        {
            parameters.Add(new(QueryParameters.StartDate, ToolValueType.String, "Inclusive start on the source's time column: YYYY-MM-DD or an ISO 8601 timestamp.") { MaxLength = 40 });
            parameters.Add(new(QueryParameters.EndDate, ToolValueType.String, "Inclusive end on the source's time column; a bare date includes its whole day.") { MaxLength = 40 });
        }
        parameters.Add(new(QueryParameters.Text, ToolValueType.String, "Case-insensitive free text searched in every text column.") { MaxLength = QueryLimits.MaxValueLength });
        parameters.Add(new(ConditionsParameter, ToolValueType.Array, "Comparisons beyond equality, all of which must hold. Strings take in, ne, contains, startswith, isnull; numbers and timestamps in, ne, gt, gte, lt, lte, isnull; booleans in, ne, isnull. For in, separate values with commas; for isnull, value is true or false.")
        {
            MaxItems = MaxConditions,
            Items = new("condition", ToolValueType.Object, "One comparison.")
            {
                Properties =
                [
                    new("column", ToolValueType.String, "A column of the source.") { Required = true, MaxLength = 200 },
                    new("op", ToolValueType.String, "The operator.") { Required = true, Enum = [.. OperatorNames.Suffixes] },
                    new("value", ToolValueType.String, "The operand, as text.") { Required = true, MaxLength = QueryLimits.MaxValueLength },
                ],
            },
        });
        return parameters;
    }

    /// <summary>Every column any source can be filtered on by equality, merged by name across sources.</summary>
    private static List<FilterColumn> FilterColumns(IReadOnlyList<SourceSnapshot> snapshots)
    {
        var byName = new Dictionary<string, FilterColumn>(StringComparer.Ordinal);
        var order = new List<FilterColumn>();
        foreach (var snapshot in snapshots)
        {
            foreach (var profile in snapshot.Profile.Columns)
            {
                var name = profile.Column.Name;
                if (s_reserved.Contains(name) || !ParameterName().IsMatch(name))
                {
                    continue;
                }
                if (!byName.TryGetValue(name, out var column))
                {
                    if (order.Count >= MaxColumnParameters)
                    {
                        continue;
                    }
                    column = new FilterColumn(name);
                    byName.Add(name, column);
                    order.Add(column);
                }
                column.Add(snapshot.Name, profile);
            }
        }
        return order;
    }

    /// <summary>The parameter names all three providers accept: a letter or underscore, then letters, digits or underscores, at most 64.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex ParameterName();

    private sealed class FilterColumn(string name)
    {
        private readonly List<ColumnType> _types = [];
        private bool _allListed = true;

        public string Name => name;

        public List<string> Sources { get; } = [];

        public List<(string Source, IReadOnlyList<string> Values)> ValuesBySource { get; } = [];

        public ToolValueType Type => _types.Distinct().Count() != 1 ? ToolValueType.String : _types[0] switch
        {
            ColumnType.Int64 => ToolValueType.Integer,
            ColumnType.Double => ToolValueType.Number,
            ColumnType.Boolean => ToolValueType.Boolean,
            _ => ToolValueType.String,
        };

        public string TypeName => _types.Distinct().Count() != 1 ? "mixed" : OperatorNames.TypeName(_types[0]);

        /// <summary>The union of every source's values, when each source lists its values and the union stays small.</summary>
        public IReadOnlyList<string>? Enum
        {
            get
            {
                if (!_allListed || Type != ToolValueType.String || ValuesBySource.Count == 0)
                {
                    return null;
                }
                var union = ValuesBySource.SelectMany(v => v.Values).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
                return union.Count <= SourceProfile.MaxListedValues ? union : null;
            }
        }

        public void Add(string source, ColumnProfile profile)
        {
            Sources.Add(source);
            _types.Add(profile.Column.Type);
            if (profile.Column.Type == ColumnType.String && profile.Values is { Count: > 0 } values)
            {
                ValuesBySource.Add((source, values));
            }
            else if (profile.Column.Type == ColumnType.String)
            {
                _allListed = false;
            }
        }
    }
}
