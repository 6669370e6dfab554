using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Switchyard.Gateway.Forwarding;

public static class ForwardingServiceCollectionExtensions
{
    /// <summary>Registers the singleton <see cref="UpstreamForwarder"/> with options bound from <c>Forwarding</c>.</summary>
    public static IServiceCollection AddUpstreamForwarding(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<UpstreamForwarderOptions>()
            .Bind(configuration.GetSection(UpstreamForwarderOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UpstreamForwarder>();
        return services;
    }
}
