using Switchyard.Domain.Validation;

namespace Switchyard.Web.Features.Configuration;

/// <summary>Picks the messages a form shows under one field.</summary>
public static class ValidationErrorExtensions
{
    /// <summary>The messages for one field (exact), e.g. <c>targets[1].weight</c>.</summary>
    public static IEnumerable<string> For(this IReadOnlyList<ValidationError> errors, string field) =>
        errors.Where(e => string.Equals(e.Field, field, StringComparison.Ordinal)).Select(e => e.Message);

    /// <summary>The messages for a list field and its items, e.g. <c>fallbacks</c> and <c>fallbacks[2]</c>.</summary>
    public static IEnumerable<string> ForList(this IReadOnlyList<ValidationError> errors, string field) =>
        errors.Where(e => e.Field == field || e.Field.StartsWith(field + "[", StringComparison.Ordinal)).Select(e => e.Message);
}
