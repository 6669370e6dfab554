using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Switchyard.Web.Features.Accounts;

/// <summary>
/// Who is signed in, wherever the code runs: components (prerendered or on a circuit) learn it from the
/// <see cref="AuthenticationStateProvider"/>, which the circuit keeps (and revalidates) after the HTTP request is gone;
/// minimal-API endpoints, where that provider is never initialized, from the request's <see cref="HttpContext"/>.
/// </summary>
public sealed class CurrentUser(
    AuthenticationStateProvider authenticationState,
    IHttpContextAccessor httpContextAccessor,
    IOptions<IdentityOptions> identityOptions)
{
    /// <summary>The signed-in user, or null for an anonymous caller.</summary>
    public async Task<SignedInUser?> GetAsync()
    {
        var principal = await GetPrincipalAsync();
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var claims = identityOptions.Value.ClaimsIdentity;
        if (!Guid.TryParse(principal.FindFirstValue(claims.UserIdClaimType), out var id))
        {
            return null;
        }

        var email = principal.FindFirstValue(claims.EmailClaimType) ?? principal.FindFirstValue(claims.UserNameClaimType) ?? string.Empty;
        return new SignedInUser(id, email);
    }

    private async Task<ClaimsPrincipal?> GetPrincipalAsync()
    {
        try
        {
            return (await authenticationState.GetAuthenticationStateAsync()).User;
        }
        catch (InvalidOperationException) when (httpContextAccessor.HttpContext is { } context)
        {
            // The server's provider throws until Razor components hand it a state; outside components they never do.
            return context.User;
        }
    }
}
