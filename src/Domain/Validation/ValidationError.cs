namespace Switchyard.Domain.Validation;

/// <summary>
/// One problem with one field. <paramref name="Field"/> is the path a form binds to (<c>targets[1].weight</c>);
/// <paramref name="Message"/> is a full sentence that names the field, fit to show as is.
/// </summary>
public sealed record ValidationError(string Field, string Message);
