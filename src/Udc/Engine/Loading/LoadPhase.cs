namespace Udc.Engine.Loading;

/// <summary>Where a load is; each phase reports the bytes it has done.</summary>
internal enum LoadPhase
{
    /// <summary>Reading the file's bytes.</summary>
    Reading,

    /// <summary>Parsing the bytes into values.</summary>
    Parsing,

    /// <summary>Deciding column types and building the columns.</summary>
    Building,

    /// <summary>Reading the columns from a snapshot written by an earlier load.</summary>
    ReadingSnapshot,
}
