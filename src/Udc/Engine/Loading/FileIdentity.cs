namespace Udc.Engine.Loading;

/// <summary>
/// What names one version of a file without reading it: the file (device and inode), its size, and when its content
/// (modified) and its metadata (changed) last changed, in Unix nanoseconds. The change time is set by the kernel on
/// every write and on every change of the modification time, so a file rewritten to the same size and given its old
/// modification time back still gets a new one.
/// </summary>
/// <param name="ChangedNs">0 where the platform does not tell it: such a file is never taken as unchanged on its stamp alone.</param>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, long Length, long ModifiedNs, long ChangedNs)
{
    /// <summary>
    /// True when the file may have changed since <paramref name="readStartedNs"/> without its identity showing it:
    /// a change within the file system's time-stamp granularity of the read (the "racy" case git knows). Two seconds
    /// cover FAT's 2 s and the 1 s of HFS+ and many network file systems; ext4 and XFS stamp in nanoseconds (of a
    /// clock that ticks every few milliseconds).
    /// </summary>
    public bool MayHaveChangedSince(long readStartedNs, TimeSpan granularity) =>
        ChangedNs == 0 || ChangedNs >= readStartedNs - (long)granularity.TotalNanoseconds || ModifiedNs >= readStartedNs - (long)granularity.TotalNanoseconds;
}
