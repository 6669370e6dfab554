namespace Switchyard.Domain.Routing;

/// <summary>One entry of <c>load_balance_group.models</c> (or the deprecated <c>loadbalance_models</c>) as sent.</summary>
/// <param name="Model">The model name as the client wrote it (<c>slug/model</c> or bare).</param>
/// <param name="Weight">As sent; 1 when the client left it out. Checked by the resolver, not here.</param>
public sealed record InlineModel(string Model, double Weight = 1);
