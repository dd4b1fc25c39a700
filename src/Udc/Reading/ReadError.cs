using Udc.Engine.Query;

namespace Udc.Reading;

/// <summary>
/// Why a read cannot go ahead, in the error envelope's words, whatever surface asked: <c>/data</c> answers it with
/// <see cref="Status"/>, a tool returns it as an error result the model reads.
/// </summary>
internal sealed record ReadError(int Status, string Code, string Message, IReadOnlyList<ValidationIssue> Details);
