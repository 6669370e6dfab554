using Switchyard.Domain.Validation;

namespace Switchyard.Web.Features.Configuration;

/// <summary>
/// The outcome of a change: field errors to show next to the form fields, or one problem to show as a toast
/// (not found, in use, changed by someone else). Missing permissions are not a result but an
/// <see cref="UnauthorizedAccessException"/>, so no caller can mistake them for a success.
/// </summary>
public sealed record OperationResult<T>(T? Value, IReadOnlyList<ValidationError> Errors, string? Problem)
{
    public bool Succeeded => Errors.Count == 0 && Problem is null;
}

/// <summary>Factories for <see cref="OperationResult{T}"/>.</summary>
public static class OperationResult
{
    public static OperationResult<T> Success<T>(T value) => new(value, [], null);

    public static OperationResult<T> Invalid<T>(IReadOnlyList<ValidationError> errors) => new(default, errors, null);

    public static OperationResult<T> Invalid<T>(string field, string message) => new(default, [new ValidationError(field, message)], null);

    public static OperationResult<T> Failed<T>(string problem) => new(default, [], problem);
}
