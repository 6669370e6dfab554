using Microsoft.AspNetCore.Components;

namespace Switchyard.Web.Components.Account;

/// <summary>Redirects from the statically rendered account pages, refusing to leave the dashboard (no open redirects).</summary>
public sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    /// <summary>Redirects to <paramref name="uri"/> if it is a local path, otherwise to the dashboard's home.</summary>
    public void RedirectTo(string? uri) => navigationManager.NavigateTo(LocalOrHome(uri));

    /// <summary>Only paths of this site: <c>/members</c> or <c>members</c>, never <c>//evil</c>, <c>/\evil</c> or <c>https://evil</c>.</summary>
    public static string LocalOrHome(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return "/";
        }

        var isLocal = Uri.IsWellFormedUriString(uri, UriKind.Relative)
            && !uri.StartsWith("//", StringComparison.Ordinal)
            && !uri.StartsWith("/\\", StringComparison.Ordinal)
            && !uri.Contains(':', StringComparison.Ordinal);
        return isLocal ? uri : "/";
    }
}
