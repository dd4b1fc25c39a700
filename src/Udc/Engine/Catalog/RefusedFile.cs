namespace Udc.Engine.Catalog;

/// <summary>A file of the data folder that is not served, and why (a link out of the folder, a FIFO, a device...).</summary>
internal sealed record RefusedFile(string FileName, string Reason);
