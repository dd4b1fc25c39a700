namespace Udc.Engine.Patching;

/// <summary>What a change does to the record with its id.</summary>
internal enum RecordChangeKind : byte
{
    /// <summary>The record replaces the one with the same id, or is added when there is none.</summary>
    Upsert,

    /// <summary>The record with this id goes away; only the id of the given record is read.</summary>
    Delete,
}

/// <summary>One change to a source's records: a JSON object and what to do with it.</summary>
internal readonly record struct RecordChange(RecordChangeKind Kind, ReadOnlyMemory<byte> RecordJson);
