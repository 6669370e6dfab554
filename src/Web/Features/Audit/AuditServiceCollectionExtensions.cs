namespace Switchyard.Web.Features.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit writer (<see cref="IAuditLog"/>) every feature records its changes with, and the Audit page's reader.</summary>
    public static IServiceCollection AddDashboardAudit(this IServiceCollection services)
    {
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddScoped<AuditQueryService>();
        return services;
    }
}
