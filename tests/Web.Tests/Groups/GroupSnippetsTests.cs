using Switchyard.Web.Features.Groups;

namespace Switchyard.Web.Tests.Groups;

public sealed class GroupSnippetsTests
{
    [Fact]
    public void For_EverySnippet_CarriesTheGroupIdAndTheGatewaysV1Url()
    {
        var snippets = GroupSnippets.For("https://gateway.example.com/", "lbg_ABCdef123456");

        snippets.Select(s => s.Id).Should().Equal("curl", "python", "javascript", "dotnet");
        snippets.Should().AllSatisfy(s =>
        {
            s.Code.Should().Contain("lbg_ABCdef123456");
            s.Code.Should().Contain("https://gateway.example.com/v1");
            s.Code.Should().Contain(GroupSnippets.KeyVariable);
            s.Code.Should().NotContain("//v1");
        });
    }

    [Fact]
    public void For_Python_UsesExtraBody()
    {
        var python = GroupSnippets.For("http://127.0.0.1:8080", "lbg_x").Single(s => s.Id == "python");

        python.Code.Should().Contain("extra_body={\"load_balance_group\": {\"group_id\": \"lbg_x\"}}");
    }
}
