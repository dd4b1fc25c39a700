namespace Udc.Engine.Patching;

/// <summary>Changes that cannot be applied to a source: no id column, or a record without an id.</summary>
internal sealed class SourcePatchException(string message) : Exception(message);
