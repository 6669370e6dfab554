namespace Switchyard.Domain.Routing;

/// <summary>
/// One model on one connection with its weight: a group target, an inline model, a direct model or a fallback.
/// <see cref="Connection"/> and <see cref="Model"/> cannot be changed with <c>with</c>, so <see cref="QualifiedName"/>
/// (computed once) always matches them; <see cref="Weight"/> and the limits can.
/// </summary>
public sealed record RouteTarget
{
    public RouteTarget(
        ConnectionRoute connection,
        string model,
        double weight = 1,
        int? rpmLimit = null,
        int? tpmLimit = null,
        string? parameterOverridesJson = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(model);
        Connection = connection;
        Model = model;
        Weight = weight;
        RpmLimit = rpmLimit;
        TpmLimit = tpmLimit;
        ParameterOverridesJson = parameterOverridesJson;
        QualifiedName = ModelName.Qualify(connection.Slug, model);
    }

    public ConnectionRoute Connection { get; }

    /// <summary>The model as the provider knows it; what <c>model</c> is set to in the forwarded body.</summary>
    public string Model { get; }

    /// <summary>Relative weight; 0 means configured but never chosen.</summary>
    public double Weight { get; init; }
    public int? RpmLimit { get; init; }
    public int? TpmLimit { get; init; }

    /// <summary>JSON object merged into the forwarded body, or null.</summary>
    public string? ParameterOverridesJson { get; init; }

    /// <summary><c>slug/model</c>: identity of the target in headers, logs, policies and health state.</summary>
    public string QualifiedName { get; }

    public override string ToString() => QualifiedName;
}
