namespace Udc.Features.Export;

/// <summary>
/// Where exports run as jobs are written: <c>exports/</c> beside the database, in UDC's state folder (which source
/// discovery never reads), one file per job named by its id.
/// </summary>
internal sealed class ExportFiles(string directory)
{
    public string Directory { get; } = directory;

    public string PathOf(string jobId, ExportFormat format)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Path.Combine(Directory, $"{jobId}.{format.Extension()}");
    }

    /// <summary>The finished file of a job, whichever format it was; null when there is none.</summary>
    public string? Find(string jobId) =>
        System.IO.Directory.Exists(Directory)
            ? ExportJobRequest.Formats.Select(f => Path.Combine(Directory, $"{jobId}.{f}")).FirstOrDefault(File.Exists)
            : null;
}
