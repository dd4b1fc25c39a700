using Udc.Cli;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Cli;

public sealed class HealthCommandTests
{
    [Theory]
    [InlineData(null, "http://127.0.0.1:8000/health/live")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/health/live")]
    [InlineData("http://[::]:9000;http://127.0.0.1:9001", "http://127.0.0.1:9000/health/live")]
    [InlineData("http://+:80", "http://127.0.0.1/health/live")]
    [InlineData("http://udc.internal:8000/", "http://udc.internal:8000/health/live")]
    public void Parse_NoUrl_AsksTheFirstListenUrlOnLoopback(string? listen, string expected)
    {
        var parsed = CommandLine.Parse(["health"], name => name == CommandLine.AspNetCoreUrlsVariable ? listen : null);

        Assert.Equal(CliCommand.Health, parsed.Command);
        Assert.Equal(new Uri(expected), parsed.HealthUrl);
    }

    [Fact]
    public void Parse_UrlAndBadUrl_TakenOrRefused()
    {
        Assert.Equal(new Uri("http://10.1.2.3:1/x"), CommandLine.Parse(["health", "--url", "http://10.1.2.3:1/x"], _ => null).HealthUrl);
        Assert.Equal(CliCommand.Error, CommandLine.Parse(["health", "--url", "not a url"], _ => null).Command);
        Assert.Equal(CliCommand.Error, CommandLine.Parse(["health", "--data", "d"], _ => null).Command);
    }

    [Fact]
    public async Task Run_LiveServerAndNoServer_ExitZeroThenOne()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue("""{"status": "alive"}""");
        server.Enqueue("""{"error": {}}""", 503);
        var error = new StringWriter();

        Assert.Equal(0, await HealthCommand.RunAsync(new Uri(server.BaseAddress, "/health/live"), error));
        Assert.Equal(1, await HealthCommand.RunAsync(new Uri(server.BaseAddress, "/health/live"), error));
        Assert.Equal(1, await HealthCommand.RunAsync(new Uri($"http://127.0.0.1:{UdcProcess.FreePort()}/health/live"), error));
        Assert.Contains("answered 503", error.ToString());
        Assert.Contains("did not answer", error.ToString());
    }
}
