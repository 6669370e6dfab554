using System.Globalization;

namespace Switchyard.Domain.Validation;

/// <summary>Weights are finite and non-negative; 0 keeps a target configured but sends it nothing (DESIGN.md §2).</summary>
public static class WeightRules
{
    public const double DefaultWeight = 1;

    public const string AllZeroMessage = "at least one target needs a weight above 0";

    /// <summary>Finite and ≥ 0: may be saved.</summary>
    public static bool IsValid(double weight) => double.IsFinite(weight) && weight >= 0;

    /// <summary>Finite and &gt; 0: may receive traffic.</summary>
    public static bool IsRoutable(double weight) => double.IsFinite(weight) && weight > 0;

    /// <summary>Null when valid; otherwise an error on <paramref name="field"/> that shows the offending value.</summary>
    public static ValidationError? Check(double weight, string field) =>
        IsValid(weight) ? null : new ValidationError(field, InvalidMessage(field, weight));

    /// <summary><c>targets[1].weight must be a finite number ≥ 0 (got NaN)</c>.</summary>
    public static string InvalidMessage(string field, double weight) =>
        $"{field} must be a finite number ≥ 0 (got {weight.ToString(CultureInfo.InvariantCulture)})";
}
