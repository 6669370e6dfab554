using System.Diagnostics.CodeAnalysis;

namespace Switchyard.Domain.Routing;

/// <summary>How looking up a model name in an organization's routes turned out.</summary>
public enum ModelLookupStatus
{
    Found = 0,

    /// <summary>Neither a known <c>slug/model</c> nor a bare name any connection lists.</summary>
    NotFound = 1,

    /// <summary>A bare name listed by several connections; <see cref="ModelLookup.Candidates"/> names them.</summary>
    Ambiguous = 2,

    /// <summary>Empty, or <c>slug/</c> with nothing after the slash.</summary>
    Invalid = 3,
}

/// <summary>The result of <see cref="OrganizationRoutes.LookupModel"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Target">The target (weight 1) when found.</param>
/// <param name="Candidates"><c>slug/model</c> of every connection serving an ambiguous bare name, sorted.</param>
public sealed record ModelLookup(ModelLookupStatus Status, RouteTarget? Target, IReadOnlyList<string> Candidates)
{
    [MemberNotNullWhen(true, nameof(Target))]
    public bool Found => Status == ModelLookupStatus.Found;

    internal static ModelLookup Of(RouteTarget target) => new(ModelLookupStatus.Found, target, []);

    internal static ModelLookup NotFound { get; } = new(ModelLookupStatus.NotFound, null, []);
    internal static ModelLookup Invalid { get; } = new(ModelLookupStatus.Invalid, null, []);
}
