using Microsoft.EntityFrameworkCore;
using Switchyard.Data.Tenancy;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;

namespace Switchyard.Data.Tests;

public sealed class TenantScopingTests(DataTestHost host) : IClassFixture<DataTestHost>
{
    [Fact]
    public async Task ScopedContext_IdFromAnotherOrganization_FindsNothing()
    {
        var (orgA, groupA) = await CreateOrganizationWithGroupAsync("a");
        var (orgB, groupB) = await CreateOrganizationWithGroupAsync("b");

        var (scope, db) = host.Scoped(orgA);
        await using (scope)
        {
            (await db.Groups.FirstOrDefaultAsync(g => g.Id == groupB.Id)).Should().BeNull();
            (await db.Groups.FirstOrDefaultAsync(g => g.PublicId == groupB.PublicId)).Should().BeNull();
            (await db.Groups.FindAsync(groupB.Id)).Should().BeNull();
            (await db.GroupTargets.AnyAsync(t => t.GroupId == groupB.Id)).Should().BeFalse();
            (await db.Connections.AnyAsync(c => c.OrganizationId == orgB)).Should().BeFalse();
            (await db.Groups.FirstOrDefaultAsync(g => g.PublicId == groupA.PublicId)).Should().NotBeNull();
        }
    }

    [Fact]
    public async Task ScopedContext_WritingAnotherOrganizationsRow_Throws()
    {
        var (orgA, _) = await CreateOrganizationWithGroupAsync("wa");
        var (orgB, groupB) = await CreateOrganizationWithGroupAsync("wb");

        var (scope, db) = host.Scoped(orgA);
        await using (scope)
        {
            var stolen = await db.Groups.IgnoreQueryFilters().FirstAsync(g => g.Id == groupB.Id);
            stolen.Name = "hijacked";
            var act = () => db.SaveChangesAsync();
            await act.Should().ThrowAsync<CrossTenantWriteException>();

            db.ChangeTracker.Clear();
            db.Connections.Add(new Connection { OrganizationId = orgB, Slug = "sneaky", BaseUrl = "http://x" });
            await act.Should().ThrowAsync<CrossTenantWriteException>();
        }

        var (check, checkDb) = host.Scoped(orgB);
        await using (check)
        {
            (await checkDb.Groups.SingleAsync(g => g.Id == groupB.Id)).Name.Should().NotBe("hijacked");
        }
    }

    private async Task<(Guid Org, LoadBalanceGroup Group)> CreateOrganizationWithGroupAsync(string tag)
    {
        var org = new Organization { Name = $"Org {tag}", Slug = $"org-{tag}-{Guid.NewGuid():N}"[..20] };
        var (scope, db) = host.Scoped(org.Id);
        await using (scope)
        {
            db.Organizations.Add(org);
            var connection = new Connection { OrganizationId = org.Id, Slug = "main", BaseUrl = "http://127.0.0.1:1/v1" };
            db.Connections.Add(connection);
            var group = new LoadBalanceGroup { OrganizationId = org.Id, PublicId = GroupIds.New(), Name = $"group {tag}" };
            group.Targets.Add(new GroupTarget { OrganizationId = org.Id, GroupId = group.Id, ConnectionId = connection.Id, Model = "m", Weight = 1 });
            db.Groups.Add(group);
            await db.SaveChangesAsync();
            return (org.Id, group);
        }
    }
}
