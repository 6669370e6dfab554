using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Tenancy;

namespace Switchyard.Data.Configurations;

internal sealed class LoadBalanceGroupConfiguration : IEntityTypeConfiguration<LoadBalanceGroup>
{
    public void Configure(EntityTypeBuilder<LoadBalanceGroup> builder)
    {
        builder.ToTable("load_balance_groups");
        builder.Property(g => g.PublicId).HasMaxLength(64);
        builder.Property(g => g.Name).HasMaxLength(100);
        builder.Property(g => g.Strategy).HasConversion(EnumNames.Strategy).HasMaxLength(32);

        // Public IDs are unique across organizations so that an ID alone never names two groups.
        builder.HasIndex(g => g.PublicId).IsUnique();
        builder.HasIndex(g => new { g.OrganizationId, g.Name });
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasMany(g => g.Targets).WithOne().HasForeignKey(t => t.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(g => g.Targets).AutoInclude();
        builder.HasOne<Organization>().WithMany().HasForeignKey(g => g.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
