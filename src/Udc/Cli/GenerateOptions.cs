using Udc.Engine.Generation;

namespace Udc.Cli;

/// <summary>Options of the <c>generate</c> verb.</summary>
internal sealed record GenerateOptions(string OutDir, DemoDataOptions Data);
