using OpenCsp.Core.Common;

namespace OpenCsp.Core.Tests.Common;

public sealed class SeekTokenTests
{
    [Fact]
    public void Token_RoundTrips_OnlyInItsOwnScope()
    {
        var token = SeekToken.Encode("scope-a", ["CONTOSO", "contoso.onmicrosoft.com"]);
        Assert.Equal(["CONTOSO", "contoso.onmicrosoft.com"], SeekToken.Decode("scope-a", token, 2));
        Assert.Null(SeekToken.Decode("scope-b", token, 2));
        Assert.Null(SeekToken.Decode("scope-a", token, 3));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("e30")]
    [InlineData("WyJhIl0")]
    [InlineData("!!!")]
    public void Garbage_IsNotAToken(string token) => Assert.Null(SeekToken.Decode("scope-a", token, 2));
}
