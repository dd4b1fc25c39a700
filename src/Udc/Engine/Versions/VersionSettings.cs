namespace Udc.Engine.Versions;

/// <summary>How much history a source keeps.</summary>
/// <param name="MaxVersions">Versions per source, the current one included (<c>UDC_HISTORY_VERSIONS</c>); 1 keeps none older.</param>
/// <param name="MaxBytes">Memory the older versions of all sources may take (<c>UDC_HISTORY_MAX_MB</c>).</param>
internal sealed record VersionSettings(int MaxVersions, long MaxBytes)
{
    public const string MaxVersionsSetting = "UDC_HISTORY_VERSIONS";
    public const string MaxMegabytesSetting = "UDC_HISTORY_MAX_MB";

    /// <summary>Five versions: the last few reloads or webhook batches, enough to answer "what did it say before?".</summary>
    public const int DefaultMaxVersions = 5;

    /// <summary>256 MB: a few old versions of a million-row source (about 40 MB each with six columns).</summary>
    public const int DefaultMaxMegabytes = 256;

    public static VersionSettings Default { get; } = new(DefaultMaxVersions, DefaultMaxMegabytes * 1024L * 1024);
}
