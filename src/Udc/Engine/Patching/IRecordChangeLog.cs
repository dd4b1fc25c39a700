namespace Udc.Engine.Patching;

/// <summary>
/// Where the catalog finds the changes a freshly read file does not hold yet: those received after the file
/// was last written. A restart or a reload re-applies them, so an accepted change outlives the process.
/// </summary>
internal interface IRecordChangeLog
{
    IReadOnlyList<RecordChange> ChangesSince(string source, DateTimeOffset fileModifiedAt);
}
