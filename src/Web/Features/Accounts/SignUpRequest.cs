namespace Switchyard.Web.Features.Accounts;

/// <summary>What the sign-up form collects. <see cref="OrganizationName"/> may be empty for someone who was invited.</summary>
public sealed record SignUpRequest(string Email, string Password, string? OrganizationName);
