namespace Switchyard.Web.Features.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    /// <summary><see cref="ITenantAccess"/> (one per circuit or request), per-operation contexts, and the user's organizations.</summary>
    public static IServiceCollection AddDashboardTenancy(this IServiceCollection services)
    {
        services.AddScoped<TenantAccess>();
        services.AddScoped<ITenantAccess>(sp => sp.GetRequiredService<TenantAccess>());
        services.AddScoped<TenantDbContextFactory>();
        services.AddScoped<OrganizationService>();
        services.AddSingleton<OrganizationCreator>();
        services.AddSingleton<InvitationAcceptance>();
        return services;
    }
}
