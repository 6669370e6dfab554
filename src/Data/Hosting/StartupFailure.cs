using Microsoft.Extensions.Options;
using Npgsql;

namespace Switchyard.Data.Hosting;

/// <summary>
/// How the gateway and the dashboard end when they cannot start (no master key, a bad setting, the database unreachable,
/// the port taken): the host has already logged the details, so one clear line on stderr and exit code 1, instead of an
/// unhandled-exception abort with a core dump.
/// </summary>
public static class StartupFailure
{
    public static async Task<int> RunAsync(string application, Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            await run();
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException or NpgsqlException
            or System.Net.Sockets.SocketException or IOException)
        {
            await Console.Error.WriteLineAsync($"{application} could not start: {ex.Message}");
            return 1;
        }
    }
}
