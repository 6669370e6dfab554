namespace Switchyard.Web.Features.Tenancy;

/// <summary>
/// A request that the rules of organizations and memberships refuse (a duplicate invitation, the last owner leaving, …).
/// The message is written for the user and shown as it is; permission failures are <see cref="UnauthorizedAccessException"/>.
/// </summary>
public sealed class TenancyRuleException : Exception
{
    public TenancyRuleException()
    {
    }

    public TenancyRuleException(string message)
        : base(message)
    {
    }

    public TenancyRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
