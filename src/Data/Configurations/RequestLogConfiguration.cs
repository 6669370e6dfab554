using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Switchyard.Domain.Logs;

namespace Switchyard.Data.Configurations;

internal sealed class RequestLogConfiguration : IEntityTypeConfiguration<RequestLog>
{
    public void Configure(EntityTypeBuilder<RequestLog> builder)
    {
        // No foreign keys: logs are written in bulk by the gateway and must survive deletes of what they mention.
        builder.ToTable("request_logs");
        builder.Property(l => l.RequestId).HasMaxLength(64);
        builder.Property(l => l.Endpoint).HasMaxLength(64);
        builder.Property(l => l.GroupPublicId).HasMaxLength(64);
        builder.Property(l => l.Target).HasMaxLength(330);
        builder.Property(l => l.Route).HasMaxLength(1000);
        builder.Property(l => l.ErrorCode).HasMaxLength(64);
        builder.Property(l => l.Cost).HasPrecision(18, 8);
        builder.Property(l => l.MetadataJson).HasColumnType("jsonb");
        builder.HasIndex(l => new { l.OrganizationId, l.Timestamp });
        builder.HasIndex(l => new { l.OrganizationId, l.GroupPublicId, l.Timestamp });
        builder.HasIndex(l => new { l.OrganizationId, l.ApiKeyId, l.Timestamp });
    }
}
