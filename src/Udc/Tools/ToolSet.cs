using System.Collections.Frozen;
using Udc.Access;
using Udc.Engine.Catalog;

namespace Udc.Tools;

/// <summary>
/// The tools generated from one state of the catalog, with the snapshots they were generated from. Immutable:
/// a catalog change builds a new set, and a request keeps the set it started with. A key limited to some
/// sources gets a set of its own, generated from those sources only.
/// </summary>
internal sealed class ToolSet
{
    public ToolSet(IReadOnlyList<ToolDefinition> definitions, IReadOnlyList<SourceSnapshot> snapshots, ClientIdentity? caller)
    {
        Definitions = definitions;
        Snapshots = snapshots;
        Caller = caller;
        ByName = definitions.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ToolDefinition> Definitions { get; }

    /// <summary>The API key the set was made for, when it may read only some sources; null for every source.</summary>
    public ClientIdentity? Caller { get; }

    /// <summary>The ready sources the schemas describe, in name order.</summary>
    public IReadOnlyList<SourceSnapshot> Snapshots { get; }

    public FrozenDictionary<string, ToolDefinition> ByName { get; }

    public ToolDefinition? Find(string name) => ByName.GetValueOrDefault(name);
}
