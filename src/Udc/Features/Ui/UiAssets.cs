using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Udc.Features.Ui;

/// <summary>
/// The web UI's files, embedded in the binary at build time (<c>Features/Ui/Files</c>) and read once: no
/// file system, no separate server, nothing downloaded at run time.
/// </summary>
internal static class UiAssets
{
    /// <summary>The resource name prefix the project file gives every UI file.</summary>
    private const string ResourcePrefix = "Udc.ui.";

    private static readonly Lazy<FrozenDictionary<string, UiAsset>> s_assets = new(Load);

    public static FrozenDictionary<string, UiAsset> All => s_assets.Value;

    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UiAsset? asset) => All.TryGetValue(name, out asset);

    private static FrozenDictionary<string, UiAsset> Load()
    {
        var assembly = typeof(UiAssets).Assembly;
        var assets = new Dictionary<string, UiAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var name = resource[ResourcePrefix.Length..];
            // A content hash as the validator: a new build with a changed file gets a new one, an unchanged file keeps it.
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"";
            assets[name] = new UiAsset(name, bytes, ContentTypeOf(name), etag);
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}

/// <param name="ETag">A strong validator: the first 8 bytes of the file's SHA-256.</param>
internal sealed record UiAsset(string Name, byte[] Bytes, string ContentType, string ETag);
