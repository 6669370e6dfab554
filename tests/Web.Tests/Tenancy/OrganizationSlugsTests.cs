using Switchyard.Domain.Validation;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Tests.Tenancy;

public sealed class OrganizationSlugsTests
{
    [Theory]
    [InlineData("Acme Labs GmbH", "acme-labs-gmbh")]
    [InlineData("  Ünïcödé  Café!! ", "unicode-cafe")]
    [InlineData("R&D / Team 7", "r-d-team-7")]
    [InlineData("---", "org")]
    [InlineData("日本", "org")]
    public void FromName_AnyName_GivesAValidSlug(string name, string expected)
    {
        var slug = OrganizationSlugs.FromName(name);

        slug.Should().Be(expected);
        Slugs.IsValid(slug).Should().BeTrue();
    }

    [Fact]
    public void FromName_VeryLongName_StaysUnderTheBaseLength()
    {
        OrganizationSlugs.FromName(new string('a', 300)).Should().HaveLength(OrganizationSlugs.MaxBaseLength);
    }

    [Fact]
    public void FirstFree_TakenSlugs_AppendsTheFirstFreeNumber()
    {
        OrganizationSlugs.FirstFree("acme", new HashSet<string>()).Should().Be("acme");
        OrganizationSlugs.FirstFree("acme", new HashSet<string> { "acme", "acme-2", "acme-4" }).Should().Be("acme-3");
    }
}
