using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;

namespace Switchyard.Data.Configurations;

internal sealed class GroupTargetConfiguration : IEntityTypeConfiguration<GroupTarget>
{
    public void Configure(EntityTypeBuilder<GroupTarget> builder)
    {
        builder.ToTable("group_targets");
        builder.Property(t => t.Model).HasMaxLength(256);
        builder.Property(t => t.ParameterOverridesJson).HasColumnType("jsonb");
        builder.HasIndex(t => t.GroupId);
        builder.HasIndex(t => t.ConnectionId);

        // A connection in use by a group cannot be deleted out from under it.
        builder.HasOne<Connection>().WithMany().HasForeignKey(t => t.ConnectionId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_group_targets_weight", "weight >= 0 AND weight <> 'NaN'::double precision AND weight < 'Infinity'::double precision"));
    }
}
