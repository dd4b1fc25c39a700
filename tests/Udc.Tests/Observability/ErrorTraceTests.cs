using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Udc.Cli;
using Udc.Engine.Generation;
using Udc.Hosting;

namespace Udc.Tests.Observability;

/// <summary>The trace id in the error envelope when nothing is traced: only a 500 carries it, and its log line has the same id.</summary>
public sealed class ErrorTraceTests
{
    /// <summary>Throws on one path, standing in for a bug anywhere behind the middleware.</summary>
    private sealed class ThrowingStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate following) =>
                context.Request.Path == "/boom" ? throw new InvalidOperationException("a bug") : following(context));
        };
    }

    [Fact]
    public async Task UnhandledException_500Envelope_CarriesTheRequestsTraceId()
    {
        var directory = Directory.CreateTempSubdirectory("udc-trace-").FullName;
        DemoDataGenerator.Write(directory, new DemoDataOptions());
        try
        {
            var options = new ServerOptions(directory, null, "http://127.0.0.1:0", Insecure: false);
            await using var app = UdcApp.Build(options, builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Services.AddSingleton<IStartupFilter, ThrowingStartupFilter>();
            }, _ => null);
            await app.StartAsync(TestContext.Current.CancellationToken);
            using var client = app.GetTestClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/boom");
            request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            using var notFound = await client.GetAsync("/nothing-here", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var detail = Assert.Single(body.RootElement.GetProperty("error").GetProperty("details").EnumerateArray());
            Assert.Equal("0af7651916cd43dd8448eb211c80319c", detail.GetProperty("msg").GetString());
            Assert.Equal("trace_id", detail.GetProperty("type").GetString());
            // An untraced 4xx stays as it was: nothing to look up.
            using var notFoundBody = JsonDocument.Parse(await notFound.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, notFoundBody.RootElement.GetProperty("error").GetProperty("details").GetArrayLength());
            await app.StopAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
