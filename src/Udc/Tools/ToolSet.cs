using System.Collections.Frozen;
using Udc.Engine.Catalog;

namespace Udc.Tools;

/// <summary>
/// The tools generated from one state of the catalog, with the snapshots they were generated from. Immutable:
/// a catalog change builds a new set, and a request keeps the set it started with.
/// </summary>
internal sealed class ToolSet
{
    public ToolSet(IReadOnlyList<ToolDefinition> definitions, IReadOnlyList<SourceSnapshot> snapshots)
    {
        Definitions = definitions;
        Snapshots = snapshots;
        ByName = definitions.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ToolDefinition> Definitions { get; }

    /// <summary>The ready sources the schemas describe, in name order.</summary>
    public IReadOnlyList<SourceSnapshot> Snapshots { get; }

    public FrozenDictionary<string, ToolDefinition> ByName { get; }

    public ToolDefinition? Find(string name) => ByName.GetValueOrDefault(name);
}
