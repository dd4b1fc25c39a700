using Udc.Engine.Catalog;

namespace Udc.Tools;

/// <summary>
/// The current <see cref="ToolSet"/>: generated when the catalog first loads and again whenever a source is
/// added, reloaded or removed, so the schemas a model sees always match the data.
/// </summary>
internal sealed class ToolCatalog : IDisposable
{
    private readonly SourceCatalog _catalog;
    private readonly Lock _buildLock = new();
    private ToolSet? _current;

    public ToolCatalog(SourceCatalog catalog)
    {
        _catalog = catalog;
        catalog.SourceChanged += OnSourceChanged;
    }

    public SourceCatalog Catalog => _catalog;

    /// <summary>Raised after a new set is published.</summary>
    public event Action<ToolSet>? Changed;

    public ToolSet Current => Volatile.Read(ref _current) ?? Rebuild();

    public void Dispose() => _catalog.SourceChanged -= OnSourceChanged;

    private void OnSourceChanged(SourceState state) => Rebuild();

    private ToolSet Rebuild()
    {
        ToolSet set;
        lock (_buildLock)
        {
            set = ToolSetBuilder.Build(_catalog);
            Volatile.Write(ref _current, set);
        }
        Changed?.Invoke(set);
        return set;
    }
}
