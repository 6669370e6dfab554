namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>A service instance and the DI scope it lives in.</summary>
public sealed class ServiceHandle<T>(Microsoft.Extensions.DependencyInjection.AsyncServiceScope scope, T service) : IAsyncDisposable
{
    public T Service { get; } = service;

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
