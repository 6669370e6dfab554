using System.Globalization;
using System.Runtime;

namespace Switchyard.Gateway;

/// <summary>
/// The runtime settings the gateway's performance rests on, as the runtime actually applied them (the project file
/// sets them, but the environment can override each), logged once at start so an operator can see what is in force.
/// </summary>
public static partial class RuntimeSettings
{
    public const string LoggerCategory = "Switchyard.Gateway.Runtime";

    /// <summary>
    /// The most the GC lets generation 0 grow before collecting it (<c>System.GC.Gen0MaxBudget</c> in
    /// Gateway.csproj). Left to itself the runtime sizes it from the CPU's last-level cache, which virtual machines
    /// report as the whole host's (80 MiB on a machine reporting a 480 MiB L3, ~23 MiB on one reporting 32 MiB): peak
    /// memory then follows the host, not the load. 16 MiB used the same CPU per request and ~60 MB less memory
    /// (bench/README.md).
    /// </summary>
    public const long Gen0MaxBudgetBytes = 16 * 1024 * 1024;

    /// <summary>e.g. "workstation GC (concurrent), gen0 budget at most 16 MiB, socket completions inline".</summary>
    public static string Describe()
    {
        var variables = GC.GetConfigurationVariables();
        var gc = GCSettings.IsServerGC ? "server GC" : "workstation GC";
        var concurrent = variables.TryGetValue("ConcurrentGC", out var on) && on is true ? " (concurrent)" : "";
        var budget = Gen0MaxBudget(variables) is { } bytes
            ? string.Create(CultureInfo.InvariantCulture, $"gen0 budget at most {bytes / (1024.0 * 1024):0.#} MiB")
            : "gen0 budget from the CPU cache size";
        return $"{gc}{concurrent}, {budget}, socket completions {(SocketCompletions.AreInline ? "inline" : "on the thread pool")}";
    }

    /// <summary>Writes <see cref="Describe"/> to the log (category <see cref="LoggerCategory"/>, Information).</summary>
    public static void Log(ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        LogInEffect(loggers.CreateLogger(LoggerCategory), Describe());
    }

    private static long? Gen0MaxBudget(IReadOnlyDictionary<string, object> variables)
    {
        var bytes = variables.TryGetValue("GCGen0MaxBudget", out var value) ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
        return bytes > 0 ? bytes : null;
    }

    [LoggerMessage(1001, LogLevel.Information, "Runtime: {Settings}")]
    private static partial void LogInEffect(ILogger logger, string settings);
}
