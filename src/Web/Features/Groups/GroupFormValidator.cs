using Switchyard.Domain.Groups;
using Switchyard.Domain.Validation;

namespace Switchyard.Web.Features.Groups;

/// <summary>
/// The editor's checks: what the text itself gets wrong (<see cref="GroupForm.ToGroup"/>), then the Domain's
/// <see cref="GroupValidator"/>, the same rules the gateway applies. Runs on every keystroke in the editor and again on
/// the server before saving.
/// </summary>
public static class GroupFormValidator
{
    public static IReadOnlyList<ValidationError> Validate(
        GroupForm form,
        Guid organizationId,
        IEnumerable<ConnectionChoice> connections,
        out LoadBalanceGroup group)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(connections);
        var (built, readErrors) = form.ToGroup(organizationId);
        group = built;

        var domain = connections.Select(c => c.ToDomain(organizationId)).ToList();
        var unreadable = readErrors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        var errors = new List<ValidationError>(readErrors);

        // An unreadable value was replaced by one the validator rejects too; say it once, in the reader's words.
        errors.AddRange(GroupValidator.Validate(built, domain).Where(e => !unreadable.Contains(e.Field)));
        return errors;
    }
}
