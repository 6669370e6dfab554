namespace Switchyard.Web.Features.Members;

public static class MembersServiceCollectionExtensions
{
    public static IServiceCollection AddDashboardMembers(this IServiceCollection services)
    {
        services.AddScoped<MemberService>();
        return services;
    }
}
