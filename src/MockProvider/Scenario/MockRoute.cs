namespace Switchyard.MockProvider.Scenario;

/// <summary>
/// A parsed provider request path: the operation, its dialect, and the behaviour options that came before it.
/// </summary>
/// <param name="Flavor">The provider dialect.</param>
/// <param name="Endpoint">The operation.</param>
/// <param name="ScenarioKey">The option segments as written (e.g. <c>fail=503@0.3/seed=7</c>); requests with the same key share fault counters and seeded randomness.</param>
/// <param name="Options">The parsed behaviour options.</param>
/// <param name="Deployment">The Azure deployment named in the path.</param>
/// <param name="ModelId">The model named in <c>GET /models/{id}</c>.</param>
public sealed record MockRoute(
    ApiFlavor Flavor,
    MockEndpoint Endpoint,
    string ScenarioKey,
    MockOptions Options,
    string? Deployment = null,
    string? ModelId = null)
{
    public bool IsPost => Endpoint is not (MockEndpoint.ListModels or MockEndpoint.GetModel);
}
