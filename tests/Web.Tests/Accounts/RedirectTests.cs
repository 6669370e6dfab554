using Switchyard.Web.Components.Account;

namespace Switchyard.Web.Tests.Accounts;

public sealed class RedirectTests
{
    [Theory]
    [InlineData("/members", "/members")]
    [InlineData("audit?action=member.invited", "audit?action=member.invited")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    public void LocalOrHome_OnlyKeepsPathsOfThisSite(string? requested, string expected) =>
        IdentityRedirectManager.LocalOrHome(requested).Should().Be(expected);
}
