using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Switchyard.Data.Identity;
using Switchyard.Web.Features.Accounts;

namespace Switchyard.Web.Components.Account;

/// <summary>The account actions that are plain form posts rather than pages.</summary>
public static class AccountEndpoints
{
    public const string LogoutPath = "/Account/Logout";

    /// <summary>Maps <c>POST /Account/Logout</c>, the header's sign-out form.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(LogoutPath, async Task<IResult> (
                HttpContext context,
                [FromServices] IAntiforgery antiforgery,
                [FromServices] SignInManager<AppUser> signInManager) =>
            {
                // Minimal APIs check antiforgery tokens only for endpoints that bind a form; this one binds nothing.
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    return TypedResults.BadRequest();
                }

                await signInManager.SignOutAsync();
                return TypedResults.LocalRedirect($"~{AccountServiceCollectionExtensions.LoginPath}?signedOut=true");
            })
            .AllowAnonymous();
        return endpoints;
    }
}
