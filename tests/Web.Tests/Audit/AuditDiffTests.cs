using Switchyard.Web.Features.Audit;

namespace Switchyard.Web.Tests.Audit;

public sealed class AuditDiffTests
{
    [Fact]
    public void Compute_ChangedNestedAndListFields_ReportsEachByPath()
    {
        const string before = """{"name":"g","targets":[{"model":"a","weight":3},{"model":"b","weight":1}],"sticky":{"ttl":60}}""";
        const string after = """{"sticky":{"ttl":120},"name":"g","targets":[{"model":"a","weight":1}],"note":null}""";

        var changes = AuditDiff.Compute(before, after);

        changes.Should().BeEquivalentTo(
            [
                new AuditChange("name", "g", "g", AuditChangeKind.Unchanged),
                new AuditChange("note", null, null, AuditChangeKind.Added),
                new AuditChange("sticky.ttl", "60", "120", AuditChangeKind.Changed),
                new AuditChange("targets[0].model", "a", "a", AuditChangeKind.Unchanged),
                new AuditChange("targets[0].weight", "3", "1", AuditChangeKind.Changed),
                new AuditChange("targets[1].model", "b", null, AuditChangeKind.Removed),
                new AuditChange("targets[1].weight", "1", null, AuditChangeKind.Removed),
            ],
            options => options.WithStrictOrdering());
    }

    [Fact]
    public void Compute_CreationAndDeletion_AreAllAddedOrAllRemoved()
    {
        AuditDiff.Compute(null, """{"email":"a@b.c","role":"viewer"}""").Select(c => c.Kind).Should().AllBeEquivalentTo(AuditChangeKind.Added);
        AuditDiff.Compute("""{"email":"a@b.c","role":"viewer"}""", null).Select(c => c.Kind).Should().AllBeEquivalentTo(AuditChangeKind.Removed);
        AuditDiff.Compute(null, null).Should().BeEmpty();
    }

    [Fact]
    public void Compute_EmptyContainers_AreShownRatherThanDropped()
    {
        var changes = AuditDiff.Compute("""{"models":["a"],"limits":{"rpm":5}}""", """{"models":[],"limits":{}}""");

        changes.Should().Contain(new AuditChange("models", null, "[]", AuditChangeKind.Added));
        changes.Should().Contain(new AuditChange("limits", null, "{}", AuditChangeKind.Added));
        changes.Should().Contain(new AuditChange("models[0]", "a", null, AuditChangeKind.Removed));
    }

    [Fact]
    public void AuditJson_SerializesEnumsByCamelCaseName()
    {
        AuditJson.Serialize(new { Role = Switchyard.Domain.Tenancy.MemberRole.Viewer, Email = "a@b.c" })
            .Should().Be("""{"role":"viewer","email":"a@b.c"}""");
        AuditJson.Serialize(null).Should().BeNull();
    }
}
