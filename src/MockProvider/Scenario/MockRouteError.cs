namespace Switchyard.MockProvider.Scenario;

/// <summary>Why a path is not a usable mock endpoint, answered in the dialect the path looked like.</summary>
public sealed record MockRouteError(ApiFlavor Flavor, int Status, string Message, string Code);
