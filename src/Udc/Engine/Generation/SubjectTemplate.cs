namespace Udc.Engine.Generation;

/// <summary>
/// A support ticket subject with a number in it ("Invoice 7731 shows wrong amount"). The numbers make
/// these subjects high-cardinality, unlike the fixed pool.
/// </summary>
internal sealed record SubjectTemplate(string Prefix, string Suffix, int MinNumber, int MaxNumber)
{
    public int NextNumber(ref SplitMix64 rng) => MinNumber + rng.NextInt32(MaxNumber - MinNumber + 1);
}
