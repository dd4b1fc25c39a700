using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Udc.Hosting;

namespace Udc.Tests.Hosting;

/// <summary>The connection output that turns Kestrel's bare rejection into the envelope, byte for byte.</summary>
public sealed class EnvelopeRejectionWriterTests
{
    private static async Task<string> ReadAllAsync(Pipe pipe)
    {
        var result = await pipe.Reader.ReadAsync(TestContext.Current.CancellationToken);
        var text = Encoding.ASCII.GetString(result.Buffer.ToArray());
        pipe.Reader.AdvanceTo(result.Buffer.End);
        return text;
    }

    [Fact]
    public async Task Write_NotArmed_PassesBytesThrough()
    {
        var pipe = new Pipe();
        var writer = new EnvelopeRejectionWriter(pipe.Writer);

        await writer.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray(), TestContext.Current.CancellationToken);
        await writer.CompleteAsync();

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", await ReadAllAsync(pipe));
    }

    [Fact]
    public async Task Write_Armed_KestrelsBytesReplacedByEnvelopeOnce()
    {
        var pipe = new Pipe();
        var writer = new EnvelopeRejectionWriter(pipe.Writer);

        writer.Arm(414);
        await writer.WriteAsync("HTTP/1.1 414 URI Too Long\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        await writer.FlushAsync(TestContext.Current.CancellationToken);
        await writer.CompleteAsync();

        var text = await ReadAllAsync(pipe);
        Assert.StartsWith("HTTP/1.1 414 URI Too Long\r\nContent-Type: application/json; charset=utf-8\r\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split("HTTP/1.1 "), part => part.Length > 0);
        Assert.Contains("\r\nX-Content-Type-Options: nosniff\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Length: 0", text, StringComparison.Ordinal);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Contains($"Content-Length: {body.Length}\r\n", text, StringComparison.Ordinal);
        Assert.Equal("URI_TOO_LONG", System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}
