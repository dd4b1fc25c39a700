using Udc.Engine.Columns;

namespace Udc.Engine.Query;

/// <summary>One validated condition on one column, with its operands already parsed to the column's type.</summary>
/// <param name="Parameter">The query parameter the filter came from, echoed back to clients.</param>
internal sealed record Filter(string Parameter, Column Column, FilterOperator Operator, IReadOnlyList<Operand> Operands);

/// <summary>
/// A filter value in the column's representation; <see cref="Text"/> keeps what the client sent.
/// </summary>
/// <param name="Int64">An int64 value, a boolean as 0/1, or the first Unix millisecond of a timestamp operand.</param>
/// <param name="Int64End">
/// For a timestamp, the last millisecond the operand covers: a bare date against a column of instants means
/// the whole day, so <c>created_at=2024-03-15</c> matches every ticket of that day.
/// </param>
/// <param name="Double">A double value.</param>
/// <param name="FoldedUtf8">Lower-cased UTF-8 of a text operand.</param>
internal readonly record struct Operand(string Text, long Int64 = 0, long Int64End = 0, double Double = 0, byte[]? FoldedUtf8 = null);
