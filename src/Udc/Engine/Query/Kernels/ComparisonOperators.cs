using System.Runtime.Intrinsics;

namespace Udc.Engine.Query.Kernels;

// Each operator implements IComparisonOperator<T> for the three numeric column element types: long
// (int64 and Unix-ms timestamps), double, and int (dictionary codes). Ordered comparisons on NaN are
// false on every path, matching the scalar C# operators.

/// <summary>Rows equal to the operand; NaN equals nothing, itself included.</summary>
internal readonly struct Equal : IComparisonOperator<long>, IComparisonOperator<double>, IComparisonOperator<int>
{
    public static bool Compare(long value, long operand) => value == operand;
    public static bool Compare(double value, double operand) => value == operand;
    public static bool Compare(int value, int operand) => value == operand;

    public static Vector256<long> Compare(Vector256<long> values, Vector256<long> operand) => Vector256.Equals(values, operand);
    public static Vector256<double> Compare(Vector256<double> values, Vector256<double> operand) => Vector256.Equals(values, operand);
    public static Vector256<int> Compare(Vector256<int> values, Vector256<int> operand) => Vector256.Equals(values, operand);

    public static Vector128<long> Compare(Vector128<long> values, Vector128<long> operand) => Vector128.Equals(values, operand);
    public static Vector128<double> Compare(Vector128<double> values, Vector128<double> operand) => Vector128.Equals(values, operand);
    public static Vector128<int> Compare(Vector128<int> values, Vector128<int> operand) => Vector128.Equals(values, operand);
}

/// <summary>Rows not equal to the operand; NaN differs from everything, as the C# <c>!=</c> operator says.</summary>
internal readonly struct NotEqual : IComparisonOperator<long>, IComparisonOperator<double>, IComparisonOperator<int>
{
    public static bool Compare(long value, long operand) => value != operand;
    public static bool Compare(double value, double operand) => value != operand;
    public static bool Compare(int value, int operand) => value != operand;

    public static Vector256<long> Compare(Vector256<long> values, Vector256<long> operand) => ~Vector256.Equals(values, operand);
    public static Vector256<double> Compare(Vector256<double> values, Vector256<double> operand) => ~Vector256.Equals(values, operand);
    public static Vector256<int> Compare(Vector256<int> values, Vector256<int> operand) => ~Vector256.Equals(values, operand);

    public static Vector128<long> Compare(Vector128<long> values, Vector128<long> operand) => ~Vector128.Equals(values, operand);
    public static Vector128<double> Compare(Vector128<double> values, Vector128<double> operand) => ~Vector128.Equals(values, operand);
    public static Vector128<int> Compare(Vector128<int> values, Vector128<int> operand) => ~Vector128.Equals(values, operand);
}

/// <summary>Rows greater than the operand.</summary>
internal readonly struct GreaterThan : IComparisonOperator<long>, IComparisonOperator<double>, IComparisonOperator<int>
{
    public static bool Compare(long value, long operand) => value > operand;
    public static bool Compare(double value, double operand) => value > operand;
    public static bool Compare(int value, int operand) => value > operand;

    public static Vector256<long> Compare(Vector256<long> values, Vector256<long> operand) => Vector256.GreaterThan(values, operand);
    public static Vector256<double> Compare(Vector256<double> values, Vector256<double> operand) => Vector256.GreaterThan(values, operand);
    public static Vector256<int> Compare(Vector256<int> values, Vector256<int> operand) => Vector256.GreaterThan(values, operand);

    public static Vector128<long> Compare(Vector128<long> values, Vector128<long> operand) => Vector128.GreaterThan(values, operand);
    public static Vector128<double> Compare(Vector128<double> values, Vector128<double> operand) => Vector128.GreaterThan(values, operand);
    public static Vector128<int> Compare(Vector128<int> values, Vector128<int> operand) => Vector128.GreaterThan(values, operand);
}

/// <summary>Rows greater than or equal to the operand.</summary>
internal readonly struct GreaterThanOrEqual : IComparisonOperator<long>, IComparisonOperator<double>, IComparisonOperator<int>
{
    public static bool Compare(long value, long operand) => value >= operand;
    public static bool Compare(double value, double operand) => value >= operand;
    public static bool Compare(int value, int operand) => value >= operand;

    public static Vector256<long> Compare(Vector256<long> values, Vector256<long> operand) => Vector256.GreaterThanOrEqual(values, operand);
    public static Vector256<double> Compare(Vector256<double> values, Vector256<double> operand) => Vector256.GreaterThanOrEqual(values, operand);
    public static Vector256<int> Compare(Vector256<int> values, Vector256<int> operand) => Vector256.GreaterThanOrEqual(values, operand);

    public static Vector128<long> Compare(Vector128<long> values, Vector128<long> operand) => Vector128.GreaterThanOrEqual(values, operand);
    public static Vector128<double> Compare(Vector128<double> values, Vector128<double> operand) => Vector128.GreaterThanOrEqual(values, operand);
    public static Vector128<int> Compare(Vector128<int> values, Vector128<int> operand) => Vector128.GreaterThanOrEqual(values, operand);
}

/// <summary>Rows less than the operand.</summary>
internal readonly struct LessThan : IComparisonOperator<long>, IComparisonOperator<double>, IComparisonOperator<int>
{
    public static bool Compare(long value, long operand) => value < operand;
    public static bool Compare(double value, double operand) => value < operand;
    public static bool Compare(int value, int operand) => value < operand;

    public static Vector256<long> Compare(Vector256<long> values, Vector256<long> operand) => Vector256.LessThan(values, operand);
    public static Vector256<double> Compare(Vector256<double> values, Vector256<double> operand) => Vector256.LessThan(values, operand);
    public static Vector256<int> Compare(Vector256<int> values, Vector256<int> operand) => Vector256.LessThan(values, operand);

    public static Vector128<long> Compare(Vector128<long> values, Vector128<long> operand) => Vector128.LessThan(values, operand);
    public static Vector128<double> Compare(Vector128<double> values, Vector128<double> operand) => Vector128.LessThan(values, operand);
    public static Vector128<int> Compare(Vector128<int> values, Vector128<int> operand) => Vector128.LessThan(values, operand);
}

/// <summary>Rows less than or equal to the operand.</summary>
internal readonly struct LessThanOrEqual : IComparisonOperator<long>, IComparisonOperator<double>, IComparisonOperator<int>
{
    public static bool Compare(long value, long operand) => value <= operand;
    public static bool Compare(double value, double operand) => value <= operand;
    public static bool Compare(int value, int operand) => value <= operand;

    public static Vector256<long> Compare(Vector256<long> values, Vector256<long> operand) => Vector256.LessThanOrEqual(values, operand);
    public static Vector256<double> Compare(Vector256<double> values, Vector256<double> operand) => Vector256.LessThanOrEqual(values, operand);
    public static Vector256<int> Compare(Vector256<int> values, Vector256<int> operand) => Vector256.LessThanOrEqual(values, operand);

    public static Vector128<long> Compare(Vector128<long> values, Vector128<long> operand) => Vector128.LessThanOrEqual(values, operand);
    public static Vector128<double> Compare(Vector128<double> values, Vector128<double> operand) => Vector128.LessThanOrEqual(values, operand);
    public static Vector128<int> Compare(Vector128<int> values, Vector128<int> operand) => Vector128.LessThanOrEqual(values, operand);
}
