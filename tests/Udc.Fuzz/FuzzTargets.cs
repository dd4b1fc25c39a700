using System.Collections.Frozen;
using Udc.Fuzz.Targets;

namespace Udc.Fuzz;

/// <summary>
/// Every target, by name. A new parser (a SQL subset, an RSS or Atom feed) is one more class here and one more
/// corpus folder: the script, CI and the regression tests find it by its name.
/// </summary>
internal static class FuzzTargets
{
    public static readonly FrozenDictionary<string, Func<FuzzTarget>> All = new Dictionary<string, Func<FuzzTarget>>(StringComparer.Ordinal)
    {
        ["json"] = () => new TableTarget("json", Udc.Engine.Loading.SourceFormat.Json),
        ["ndjson"] = () => new TableTarget("ndjson", Udc.Engine.Loading.SourceFormat.NdJson),
        ["csv"] = () => new TableTarget("csv", Udc.Engine.Loading.SourceFormat.Csv),
        ["query"] = () => new QueryTarget(),
        ["aggregate"] = () => new AggregateTarget(),
        ["sql"] = () => new SqlTarget(),
        ["feed"] = () => new FeedTarget(),
        ["webhook"] = () => new WebhookTarget(),
        ["mcp-line"] = () => new McpLineTarget(),
        ["json-record"] = () => new FlatRecordTarget(),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
