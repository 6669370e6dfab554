using BootstrapBlazor.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchyard.Web.Tests.Infrastructure;

/// <summary>
/// BootstrapBlazor keeps its cache manager in a process-wide static (<c>CacheManager.Instance</c>), overwritten by
/// whichever app builds one last. One app per process never notices; a test process hosting several dashboards one
/// after another does: once the app that built it is disposed, every other dashboard's circuits fail with
/// <see cref="ObjectDisposedException"/> (MemoryCache). Giving every test-hosted dashboard this one instance, built
/// from a container that is never disposed, keeps the static valid for the whole process.
/// </summary>
public static class SharedBootstrapBlazorCache
{
    private static readonly Lazy<ICacheManager> _instance = new(Create);

    /// <summary>Registers the process-wide cache manager; call it from every <c>WebApp.Build</c> configure callback in tests.</summary>
    public static void Use(IServiceCollection services) => services.AddSingleton(_instance.Value);

    private static ICacheManager Create()
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddBootstrapBlazor();
        return services.BuildServiceProvider().GetRequiredService<ICacheManager>();
    }
}
