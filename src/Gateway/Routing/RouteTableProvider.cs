namespace Switchyard.Gateway.Routing;

/// <summary>Holds the current <see cref="GatewayRouteTable"/>; swapped atomically by the reload service.</summary>
public sealed class RouteTableProvider
{
    private volatile GatewayRouteTable _current = GatewayRouteTable.Empty;
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatewayRouteTable Current => _current;

    /// <summary>True once a table was loaded from the database; <c>/health/ready</c> waits for it.</summary>
    public bool IsLoaded => _firstLoad.Task.IsCompleted;

    public Task FirstLoad => _firstLoad.Task;

    /// <summary>Incremented on every publish; lets tests and health checks see that a reload happened.</summary>
    public long Generation { get; private set; }

    public void Publish(GatewayRouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _current = table;
        Generation++;
        _firstLoad.TrySetResult();
    }
}
