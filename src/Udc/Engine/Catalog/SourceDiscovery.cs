using System.Text;
using Udc.Engine.Loading;

namespace Udc.Engine.Catalog;

/// <summary>
/// Finds the sources of a data folder: configured ones first, then every other data file, named after it. A data
/// file that <see cref="DataFile"/> would refuse (a link out of the folder, a FIFO, a device) is no source: it is
/// listed among the refused files instead.
/// </summary>
internal static class SourceDiscovery
{
    public static (IReadOnlyList<SourceDefinition> Definitions, IReadOnlyList<RefusedFile> Refused) Discover(string dataDirectory, CatalogConfig config, string? configPath)
    {
        var realFolder = DataFile.RealFolder(dataDirectory);
        var definitions = new List<SourceDefinition>();
        var refused = new List<RefusedFile>();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (name, source) in config.Sources.Concat(CatalogConfig.Defaults.Sources.Where(d => !config.Sources.ContainsKey(d.Key))))
        {
            if (source.File is null)
            {
                continue;
            }
            var path = Path.GetFullPath(Path.Combine(dataDirectory, source.File));
            var isDefault = !config.Sources.ContainsKey(name);
            if (isDefault && !File.Exists(path) || claimed.Contains(path) || SourceFormats.FromPath(path) is not { } format)
            {
                continue;
            }
            claimed.Add(path);
            if (Path.Exists(path) && DataFile.Refusal(realFolder, path) is { } reason)
            {
                refused.Add(new RefusedFile(source.File, reason));
                continue;
            }
            names.Add(name);
            definitions.Add(new SourceDefinition(name, path, format, source.IdColumn, source.TimeColumn, source.Noun));
        }

        var fullConfigPath = configPath is null ? null : Path.GetFullPath(configPath);
        foreach (var path in Directory.EnumerateFiles(dataDirectory).Select(Path.GetFullPath).Order(StringComparer.Ordinal))
        {
            if (claimed.Contains(path) || path == fullConfigPath || SourceFormats.FromPath(path) is not { } format)
            {
                continue;
            }
            if (DataFile.Refusal(realFolder, path) is { } reason)
            {
                refused.Add(new RefusedFile(Path.GetFileName(path), reason));
                continue;
            }
            var name = UniqueName(NameFromFile(path), path, names);
            names.Add(name);
            definitions.Add(new SourceDefinition(name, path, format, null, null, null));
        }
        return (definitions, refused);
    }

    /// <summary>Lower case, with anything but letters, digits, '_' and '-' turned into '_', so it fits a URL segment.</summary>
    public static string NameFromFile(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
        var name = new StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }
        return name.Length == 0 ? "source" : name.ToString();
    }

    private static string UniqueName(string name, string path, HashSet<string> taken)
    {
        if (!taken.Contains(name))
        {
            return name;
        }
        var withFormat = $"{name}_{Path.GetExtension(path).TrimStart('.').ToLowerInvariant()}";
        var candidate = withFormat;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = $"{withFormat}_{n}";
        }
        return candidate;
    }
}
