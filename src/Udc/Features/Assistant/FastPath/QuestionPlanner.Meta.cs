using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

internal sealed partial class QuestionPlanner
{
    /// <summary>
    /// Which sources (list_sources), a source's columns or number columns (describe_source), a column's values
    /// (describe_source, which lists them). Number columns without a source are claimed only when there is one source.
    /// </summary>
    private static FastPathPlan? PlanMeta(MetaAsk meta, ToolSet set)
    {
        if (meta.Kind == MetaKind.Sources)
        {
            return new FastPathPlan(FastPathKind.Sources, ToolNames.ListSources);
        }
        var source = meta.Noun is { } noun ? Single(noun.Sources)
            : meta.Column is { } named ? Single(named.Sources)
            : set.Snapshots is [var only] ? only : null;
        if (source is null || set.States.FirstOrDefault(s => s.Snapshot == source) is not { } state)
        {
            return null;
        }
        var plan = new FastPathPlan(FastPathKind.Columns, ToolNames.DescribeSource) { Snapshot = source, State = state };
        switch (meta.Kind)
        {
            case MetaKind.Columns:
                return plan;
            case MetaKind.Measures:
                return plan with { Kind = FastPathKind.Measures };
            default:
                var column = meta.Column!.In(source, EntryKind.Column)?.Column;
                var listed = source.Profile.Columns.FirstOrDefault(p => p.Column == column)?.Values;
                return column is { Type: ColumnType.String } && listed is not null ? plan with { Kind = FastPathKind.Values, Column = column } : null;
        }
    }

    private static SourceSnapshot? Single(IEnumerable<SourceSnapshot> sources) => sources.ToList() is [var single] ? single : null;
}
