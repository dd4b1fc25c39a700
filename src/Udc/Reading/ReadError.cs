using System.Text.Json;
using Udc.Engine.Query;

namespace Udc.Reading;

/// <summary>
/// Why a read cannot go ahead, in the error envelope's words, whatever surface asked: <c>/data</c> answers it with
/// <see cref="Status"/>, a tool returns it as an error result the model reads.
/// </summary>
internal sealed record ReadError(int Status, string Code, string Message, IReadOnlyList<ValidationIssue> Details)
{
    /// <summary>When the read may be tried again (a source still loading); HTTP sends it as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Fields the envelope adds after <c>details</c> (a load's progress).</summary>
    public Action<Utf8JsonWriter>? WriteMore { get; init; }
}
