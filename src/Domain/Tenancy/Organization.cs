namespace Switchyard.Domain.Tenancy;

/// <summary>A tenant. Everything a tenant owns carries its <see cref="Id"/>.</summary>
public sealed class Organization
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Slug { get; set; }

    /// <summary>When false (the default) request logs never store prompt or completion text.</summary>
    public bool LogBodies { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
