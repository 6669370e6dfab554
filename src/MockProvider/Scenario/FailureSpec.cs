namespace Switchyard.MockProvider.Scenario;

/// <summary>
/// What <c>fail=</c> asks for: an HTTP error <see cref="Status"/>, or a connection reset before any response when
/// <see cref="Status"/> is null (<c>fail=reset</c>), applied to a fraction <see cref="Rate"/> of requests.
/// </summary>
public sealed record FailureSpec(int? Status, double Rate)
{
    public bool IsReset => Status is null;
}
