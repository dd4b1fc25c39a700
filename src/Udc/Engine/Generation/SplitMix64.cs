namespace Udc.Engine.Generation;

/// <summary>
/// The SplitMix64 generator (Steele, Lea and Flood, 2014). Demo data is written with it instead of
/// <see cref="Random"/> because its output is fixed by this file, so a seed gives the same files on every
/// runtime version.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    private ulong _state = seed;

    /// <summary>
    /// A generator for one independent stream of a seed. Each output file draws from its own stream, so
    /// changing the number of customers does not change the analytics values.
    /// </summary>
    public static SplitMix64 ForStream(ulong seed, ulong stream)
    {
        // Seeds that differ by a multiple of Gamma give shifted copies of one sequence, so the stream number
        // is mixed in through one output step instead of being added to the state.
        var mixer = new SplitMix64(seed ^ (stream * 0xD1B54A32D192ED03));
        return new SplitMix64(mixer.NextUInt64());
    }

    public ulong NextUInt64()
    {
        var z = _state += Gamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt32(int maxExclusive)
    {
        // Lemire's multiply-shift on the top 32 bits; without rejection the bias is below
        // maxExclusive / 2^32, which is invisible in demo data.
        return (int)(((NextUInt64() >> 32) * (ulong)(uint)maxExclusive) >> 32);
    }

    /// <summary>A value in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A value in (-1, 1), most often near 0: the sum of two uniforms, so noise has a peak.</summary>
    public double NextNoise() => NextDouble() + NextDouble() - 1.0;
}
