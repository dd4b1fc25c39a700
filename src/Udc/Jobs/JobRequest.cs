namespace Udc.Jobs;

/// <summary>A validated request for a job: what runs it, the payload sent, and how the client wants to hear of it.</summary>
/// <param name="Hash">SHA-256 of the request body: a retried POST with the same idempotency key must send the same body.</param>
internal sealed record JobRequest(string Kind, string? Vendor, string Payload, string Hash, string? IdempotencyKey, string? CallbackUrl);
