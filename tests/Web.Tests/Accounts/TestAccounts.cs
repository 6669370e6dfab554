using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Data;
using Switchyard.Data.Tenancy;
using Switchyard.Web.Features.Accounts;
using Switchyard.Web.Tests.Infrastructure;

namespace Switchyard.Web.Tests.Accounts;

/// <summary>A user made through the dashboard's own sign-up service, and the organization they landed in.</summary>
public sealed record TestAccount(Guid UserId, string Email, Guid OrganizationId);

/// <summary>Server-side arrangements for tests that are not about the sign-up page itself.</summary>
public static class TestAccounts
{
    /// <summary>Signs a user up the way the sign-up page does (own organization and/or pending invitations).</summary>
    public static async Task<TestAccount> SignUpAsync(this DashboardServer server, string email, string? organizationName)
    {
        ArgumentNullException.ThrowIfNull(server);
        await using var scope = server.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<SignUpService>()
            .SignUpAsync(new SignUpRequest(email, AccountSteps.Password, organizationName));
        result.Errors.Should().BeEmpty();
        return new TestAccount(result.UserId!.Value, email, result.OrganizationId!.Value);
    }

    /// <summary>
    /// A scope of the running dashboard in which <paramref name="account"/> is signed in, as a circuit's scope would be:
    /// services resolved from it (e.g. <c>MemberService</c>) act for that user through the real <c>TenantAccess</c>.
    /// </summary>
    public static AsyncServiceScope SignedInScope(this DashboardServer server, TestAccount account)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(account);
        var scope = server.Services.CreateAsyncScope();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, account.UserId.ToString()),
                new Claim(ClaimTypes.Name, account.Email),
                new Claim(ClaimTypes.Email, account.Email),
            ],
            authenticationType: "Test"));
        var provider = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return scope;
    }

    /// <summary>A context on the dashboard's database acting for <paramref name="organizationId"/> (or for none).</summary>
    public static SwitchyardDbContext OpenDatabase(this DashboardServer server, Guid? organizationId)
    {
        ArgumentNullException.ThrowIfNull(server);
        var options = new DbContextOptionsBuilder<SwitchyardDbContext>().UseNpgsql(server.ConnectionString).Options;
        return new SwitchyardDbContext(options, organizationId is { } id ? new TenantScope(id) : new TenantScope());
    }

    /// <summary>The organization a user signed up with (the one named <paramref name="organizationName"/>).</summary>
    public static async Task<Guid> OrganizationIdAsync(this DashboardServer server, string organizationName)
    {
        await using var db = server.OpenDatabase(null);
        return await db.Organizations.Where(o => o.Name == organizationName).Select(o => o.Id).SingleAsync();
    }
}
