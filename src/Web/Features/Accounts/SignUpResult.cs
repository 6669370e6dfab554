namespace Switchyard.Web.Features.Accounts;

/// <summary>The outcome of a sign-up: the new user's ID and current organization, or the reasons it was refused.</summary>
public sealed record SignUpResult(Guid? UserId, Guid? OrganizationId, IReadOnlyList<Guid> JoinedOrganizations, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static SignUpResult Failed(params IReadOnlyList<string> errors) => new(null, null, [], errors);
}
