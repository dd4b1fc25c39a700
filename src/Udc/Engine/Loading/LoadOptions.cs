namespace Udc.Engine.Loading;

/// <summary>How a file is parsed: on how many cores, in chunks of at least what size, reporting to whom.</summary>
internal sealed record LoadOptions
{
    /// <summary>
    /// Four chunks per core: when other work takes a core for a while (another source loading, requests), the
    /// chunks left are shared out again instead of one late chunk holding up the whole file.
    /// </summary>
    public const int ChunksPerCore = 4;

    /// <summary>
    /// Below 1 MiB a chunk is parsed in well under a millisecond, less than it costs to hand it to another
    /// thread and merge its columns; smaller files are read in one piece.
    /// </summary>
    public const int DefaultMinChunkBytes = 1 << 20;

    public static LoadOptions Default { get; } = new();

    /// <summary>One chunk on the calling thread: the reference every parallel read must agree with.</summary>
    public static LoadOptions SingleThreaded { get; } = new() { Parallelism = 1 };

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public int MinChunkBytes { get; init; } = DefaultMinChunkBytes;

    public LoadProgress? Progress { get; init; }

    /// <summary>How many chunks a file of <paramref name="length"/> bytes is split into.</summary>
    public int ChunkCount(int length) =>
        Parallelism <= 1 ? 1 : (int)Math.Clamp(length / (long)Math.Max(1, MinChunkBytes), 1, Parallelism * ChunksPerCore);
}
