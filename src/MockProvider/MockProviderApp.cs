using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.MockProvider.Endpoints;
using Switchyard.MockProvider.Recording;
using Switchyard.MockProvider.Scenario;
using Switchyard.MockProvider.Wire;

namespace Switchyard.MockProvider;

/// <summary>
/// Builds the mock provider application. <c>Program</c> only calls <see cref="Build"/>, so tests and benchmarks
/// can host the same app (see <see cref="MockProviderServer"/>) without clashing over <c>Program</c>.
/// </summary>
public static class MockProviderApp
{
    /// <summary>Where the mock listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:9090";

    /// <summary>Configuration key: how many requests <c>/_mock/requests</c> keeps (0 keeps none, for benchmarks).</summary>
    public const string RecordCapacityKey = "MockProvider:RecordCapacity";

    /// <summary>Creates the mock provider application, ready to run.</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, configuration overrides such as <c>--MockProvider:RecordCapacity=0</c>).</param>
    /// <param name="configure">Optional last word on the builder before it is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(MockProviderApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory, // its own folder, wherever it is started from
        });

        if (!HasConfiguredAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Inline scheduling makes a response flush hand the bytes to the socket before it returns. cut_after relies on
        // that: an abort discards whatever Kestrel's transport pipe still holds, so without it a client could see
        // the reset before chunks that were "flushed". It also takes a thread hop off every request, which
        // benchmarks against the mock welcome; the mock never blocks, so running on I/O threads is safe here.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);

        // One log line per request would cost more than the mock's answer; the listening address still shows.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new RequestLog(
            services.GetRequiredService<IConfiguration>().GetValue(RecordCapacityKey, RequestLog.DefaultCapacity),
            services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<MockDispatcher>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/health", context =>
            context.Response.WriteAsJsonAsync(new HealthStatus("ok"), MockJsonContext.Wire.HealthStatus, cancellationToken: context.RequestAborted));
        app.MapMockIntrospection();

        // Everything else is a provider path; the dispatcher parses the /x/{options}/ scheme itself.
        var dispatcher = app.Services.GetRequiredService<MockDispatcher>();
        app.Map("/{**path}", dispatcher.InvokeAsync);
        return app;
    }

    private static bool HasConfiguredAddress(ConfigurationManager configuration) =>
        !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}
