using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;

namespace Switchyard.Data.Configurations;

internal sealed class ConnectionConfiguration : IEntityTypeConfiguration<Connection>
{
    public void Configure(EntityTypeBuilder<Connection> builder)
    {
        builder.ToTable("connections");
        builder.Property(c => c.Slug).HasMaxLength(64);
        builder.Property(c => c.Kind).HasConversion(EnumNames.Provider).HasMaxLength(32);
        builder.Property(c => c.BaseUrl).HasMaxLength(2048);
        builder.Property(c => c.SecretKeyId).HasMaxLength(64);
        builder.Property(c => c.SecretLast4).HasMaxLength(4);
        builder.Property(c => c.AzureResource).HasMaxLength(200);
        builder.Property(c => c.AzureDeployment).HasMaxLength(200);
        builder.Property(c => c.AzureApiVersion).HasMaxLength(64);
        builder.Property(c => c.InputPricePerMillion).HasPrecision(18, 6);
        builder.Property(c => c.OutputPricePerMillion).HasPrecision(18, 6);
        builder.HasIndex(c => new { c.OrganizationId, c.Slug }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
