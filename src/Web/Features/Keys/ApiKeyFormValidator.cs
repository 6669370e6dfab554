using Switchyard.Domain.Routing;
using Switchyard.Domain.Validation;
using Switchyard.Web.Features.Configuration;

namespace Switchyard.Web.Features.Keys;

/// <summary>
/// Checks a key's name and policy against the organization's groups and connections. Field names:
/// <c>name</c>, <c>default_group</c>, <c>allowed_groups</c>, <c>allowed_models</c>.
/// </summary>
public static class ApiKeyFormValidator
{
    public const int MaxNameLength = 100;

    public static (ApiKeyPolicyValues? Values, IReadOnlyList<ValidationError> Errors) Validate(
        ApiKeyForm form,
        IReadOnlyCollection<string> groupIds,
        IReadOnlyCollection<string> connectionSlugs)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(groupIds);
        ArgumentNullException.ThrowIfNull(connectionSlugs);
        var errors = new List<ValidationError>();

        var name = form.Name.Trim();
        if (name.Length == 0)
        {
            errors.Add(new("name", "name is required, e.g. the application that will use the key"));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new("name", $"name must be at most {MaxNameLength} characters (got {name.Length})"));
        }

        var defaultGroup = string.IsNullOrWhiteSpace(form.DefaultGroupId) ? null : form.DefaultGroupId.Trim();
        if (defaultGroup is not null && !groupIds.Contains(defaultGroup))
        {
            errors.Add(new("default_group", $"default_group '{defaultGroup}' is not a group of this organization"));
        }

        var allowedGroups = form.AllowedGroups.Where(g => !string.IsNullOrWhiteSpace(g)).Order(StringComparer.Ordinal).ToList();
        foreach (var group in allowedGroups.Where(g => !groupIds.Contains(g)))
        {
            errors.Add(new("allowed_groups", $"allowed_groups: '{group}' is not a group of this organization"));
        }

        if (defaultGroup is not null && allowedGroups.Count > 0 && !allowedGroups.Contains(defaultGroup, StringComparer.Ordinal))
        {
            errors.Add(new("default_group", "default_group must be one of the allowed groups, or every request without a model would be refused"));
        }

        var slugs = connectionSlugs.ToHashSet(StringComparer.Ordinal);
        var allowedModels = ListText.Split(form.AllowedModels);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in allowedModels)
        {
            var parsed = ModelName.Parse(model, slugs.Contains);
            if (!parsed.IsQualified || parsed.Model.Length == 0)
            {
                errors.Add(new("allowed_models", $"allowed_models: '{model}' must be <connection-slug>/<model> naming one of this organization's connections"));
            }
            else if (!seen.Add(model))
            {
                errors.Add(new("allowed_models", $"allowed_models: '{model}' is listed twice"));
            }
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ApiKeyPolicyValues(name, defaultGroup, allowedGroups, allowedModels), errors);
    }
}
