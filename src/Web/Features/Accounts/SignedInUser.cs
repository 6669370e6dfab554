namespace Switchyard.Web.Features.Accounts;

/// <summary>The authenticated dashboard user, as the sign-in cookie names them.</summary>
public sealed record SignedInUser(Guid Id, string Email);
