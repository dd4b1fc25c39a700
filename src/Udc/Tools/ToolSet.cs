using System.Collections.Frozen;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Tools.Schema;

namespace Udc.Tools;

/// <summary>
/// The tools generated from one state of the catalog, with the sources they describe. Immutable: a catalog change
/// builds a new set, and a call keeps the set it started with. A key limited to some sources gets a set of its own,
/// generated from those sources only, so no schema, description or prompt names another.
/// </summary>
internal sealed class ToolSet
{
    private readonly int?[] _tokens = new int?[SchemaProfiles.All.Length];

    public ToolSet(IReadOnlyList<ToolDefinition> definitions, IReadOnlyList<SourceState> states, ClientIdentity? caller)
    {
        Definitions = definitions;
        States = states;
        Snapshots = [.. states.Select(s => s.Snapshot).OfType<SourceSnapshot>()];
        Caller = caller;
        ByName = definitions.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);
    }

    /// <summary>In <see cref="ToolNames.All"/> order.</summary>
    public IReadOnlyList<ToolDefinition> Definitions { get; }

    /// <summary>The API key the set was made for when it may read only some sources; null for every source.</summary>
    public ClientIdentity? Caller { get; }

    /// <summary>Every source the caller may read, loaded or not, in name order.</summary>
    public IReadOnlyList<SourceState> States { get; }

    /// <summary>The loaded sources among <see cref="States"/>.</summary>
    public IReadOnlyList<SourceSnapshot> Snapshots { get; }

    public FrozenDictionary<string, ToolDefinition> ByName { get; }

    public ToolDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>
    /// What the whole list costs a model's context under <paramref name="profile"/>: names, descriptions and schemas,
    /// estimated at <see cref="OutputBudget.BytesPerToken"/> bytes a token. Published in <c>/sources</c>.
    /// </summary>
    public int TokensFor(SchemaProfile profile) => _tokens[(int)profile] ??= OutputBudget.Estimate(
        Definitions.Sum(d => (long)d.Name.Length + System.Text.Encoding.UTF8.GetByteCount(d.Description) + d.SchemaFor(profile).GetRawText().Length));
}
