namespace Udc.Tests;

public class SmokeTests
{
    [Fact]
    public void Placeholder_Runs() => Assert.Equal(2, 1 + 1);
}
