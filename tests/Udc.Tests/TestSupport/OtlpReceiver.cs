using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Udc.Tests.TestSupport;

/// <summary>A span as OTLP carries it: ids in lowercase hex, kind as the proto's number (1 internal, 2 server, 3 client).</summary>
internal sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, string Scope,
    IReadOnlyDictionary<string, object> Attributes, int StatusCode, IReadOnlyDictionary<string, object> Resource)
{
    public object? this[string attribute] => Attributes.GetValueOrDefault(attribute);
}

/// <summary>
/// An OTLP/HTTP collector on loopback: accepts <c>POST /v1/traces</c> with an <c>application/x-protobuf</c>
/// ExportTraceServiceRequest, as the OTLP specification defines it, and decodes every span.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private init; } = null!;

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    /// <summary>Content types of every export received; OTLP/HTTP binary is <c>application/x-protobuf</c>.</summary>
    public ConcurrentBag<string> ContentTypes { get; } = [];

    public static async Task<OtlpReceiver> StartAsync()
    {
        OtlpReceiver? receiver = null;
        var (app, address) = await LoopbackApp.StartAsync(app => app.MapPost("/v1/traces", (HttpContext context) => receiver!.ReceiveAsync(context)));
        receiver = new OtlpReceiver(app) { BaseAddress = address };
        return receiver;
    }

    /// <summary>Waits until a span matching <paramref name="match"/> has arrived; exporters batch, so it may take a while.</summary>
    public async Task<ReceivedSpan> WaitForAsync(Func<ReceivedSpan, bool> match, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (_spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }
            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching span arrived; received: {string.Join(", ", _spans.Select(s => s.Name))}");
            }
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        ContentTypes.Add(context.Request.ContentType ?? "");
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        foreach (var span in Decode(body.ToArray()))
        {
            _spans.Enqueue(span);
        }
        _arrived.Release();
        context.Response.ContentType = "application/x-protobuf";
        context.Response.StatusCode = 200;
    }

    /// <summary>ExportTraceServiceRequest → ResourceSpans (1) → Resource (1), ScopeSpans (2) → Scope (1), Span (2).</summary>
    public static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in ProtobufReader.Read(request).Where(f => f.Number == 1))
        {
            var fields = resourceSpans.Message;
            var resource = fields.Where(f => f.Number == 1).SelectMany(f => f.Message).Where(f => f.Number == 1).Select(KeyValue).ToDictionary();
            foreach (var scopeSpans in fields.Where(f => f.Number == 2))
            {
                var scopeFields = scopeSpans.Message;
                var scope = scopeFields.Where(f => f.Number == 1).SelectMany(f => f.Message).FirstOrDefault(f => f.Number == 1).Text ?? "";
                foreach (var span in scopeFields.Where(f => f.Number == 2))
                {
                    yield return Span(span.Message, scope, resource);
                }
            }
        }
    }

    private static ReceivedSpan Span(IReadOnlyList<ProtobufField> fields, string scope, IReadOnlyDictionary<string, object> resource)
    {
        string Hex(int number) => fields.FirstOrDefault(f => f.Number == number) is { WireType: 2 } f ? Convert.ToHexStringLower(f.Bytes.Span) : "";
        var status = fields.FirstOrDefault(f => f.Number == 15) is { WireType: 2 } s ? (int)s.Message.FirstOrDefault(f => f.Number == 3).Varint : 0;
        return new ReceivedSpan(Hex(1), Hex(2), Hex(4), fields.First(f => f.Number == 5).Text, (int)fields.FirstOrDefault(f => f.Number == 6).Varint, scope,
            fields.Where(f => f.Number == 9).Select(f => KeyValue(f)).ToDictionary(), status, resource);
    }

    private static KeyValuePair<string, object> KeyValue(ProtobufField field)
    {
        var fields = field.Message;
        var key = fields.First(f => f.Number == 1).Text;
        var value = fields.FirstOrDefault(f => f.Number == 2) is { WireType: 2 } v ? AnyValue(v.Message) : "";
        return new(key, value);
    }

    /// <summary>AnyValue: 1 string, 2 bool, 3 int64, 4 double, 5 array.</summary>
    private static object AnyValue(IReadOnlyList<ProtobufField> fields)
    {
        var field = fields.FirstOrDefault();
        return field.Number switch
        {
            1 => field.Text,
            2 => field.Varint != 0,
            3 => (long)field.Varint,
            4 => field.Double,
            5 => field.Message.Where(f => f.Number == 1).Select(f => AnyValue(f.Message)).ToArray(),
            _ => "",
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
