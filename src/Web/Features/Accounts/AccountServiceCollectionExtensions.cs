using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Switchyard.Data;
using Switchyard.Data.Identity;
using Switchyard.Web.Components.Account;
using Switchyard.Web.Features.Accounts.DataProtection;

namespace Switchyard.Web.Features.Accounts;

public static class AccountServiceCollectionExtensions
{
    /// <summary>Shared by every dashboard instance so their cookies and antiforgery tokens are interchangeable.</summary>
    public const string DataProtectionApplicationName = "Switchyard.Dashboard";

    public const string LoginPath = "/Account/Login";

    /// <summary>
    /// ASP.NET Core Identity on the Switchyard context (cookie sign-in, password rules, lockout), the Data Protection
    /// key ring in PostgreSQL, and a fallback policy that requires a signed-in user everywhere not marked anonymous.
    /// </summary>
    public static IServiceCollection AddDashboardAccounts(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<AuthenticationStateProvider>(sp => sp.GetRequiredService<IdentityRevalidatingAuthenticationStateProvider>());
        services.AddScoped<CurrentUser>();
        services.AddScoped<SignUpService>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        services.AddIdentityCore<AppUser>(ConfigureIdentity)
            .AddEntityFrameworkStores<SwitchyardDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = ".Switchyard.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            // The dashboard may run behind TLS termination or on plain loopback; behind HTTPS the cookie is Secure.
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = LoginPath;
            cookie.LogoutPath = "/Account/Logout";
            cookie.AccessDeniedPath = LoginPath;
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddSingleton<PostgresXmlRepository>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<PostgresXmlRepository, IServiceProvider>((options, repository, provider) =>
            {
                options.XmlRepository = repository;
                options.XmlEncryptor = new SealedXmlEncryptor(provider);
            });
        return services;
    }

    private static void ConfigureIdentity(IdentityOptions options)
    {
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false; // no mail delivery in a self-hosted gateway; see docs

        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 5;

        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
    }
}
