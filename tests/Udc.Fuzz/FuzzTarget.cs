namespace Udc.Fuzz;

/// <summary>
/// One parser under the fuzzer. <see cref="Run"/> feeds it one input and lets through only what the parser may
/// throw by contract (its own typed error); any other exception is a crash, and a crash is a bug.
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>The name on the command line and of the corpus folder, <c>corpus/{Name}</c>.</summary>
    public abstract string Name { get; }

    public abstract void Run(ReadOnlySpan<byte> input);
}
