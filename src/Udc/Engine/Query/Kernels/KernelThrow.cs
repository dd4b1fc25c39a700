using System.Diagnostics.CodeAnalysis;

namespace Udc.Engine.Query.Kernels;

/// <summary>Throw sites kept out of the kernels so their length checks inline to one compare and branch.</summary>
internal static class KernelThrow
{
    [DoesNotReturn]
    public static void MaskTooShort(int actualWords, int requiredWords, string paramName) =>
        throw new ArgumentException(
            $"The mask has {actualWords} words but {requiredWords} are needed (one bit per row).", paramName);

    [DoesNotReturn]
    public static void OperandTooShort(int actualWords, int targetWords, string paramName) =>
        throw new ArgumentException(
            $"The other mask has {actualWords} words but the target has {targetWords}.", paramName);
}
