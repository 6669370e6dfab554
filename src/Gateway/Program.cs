using Switchyard.Gateway;
using Switchyard.Gateway.Commands;

if (args.Length > 0 && GatewayCommands.IsCommand(args[0]))
{
    return await GatewayCommands.RunAsync(args);
}

SocketCompletions.PreferInline();
var app = GatewayApp.Build(args);
try
{
    await GatewayApp.PrepareAsync(app);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException
    or Npgsql.NpgsqlException or System.Net.Sockets.SocketException or IOException)
{
    // A configuration or start-up failure (no master key, bad setting, database unreachable, port taken): the host has
    // logged the details; end with one clear line and exit code 1 instead of an unhandled-exception abort and core dump.
    await Console.Error.WriteLineAsync($"Switchyard gateway could not start: {ex.Message}");
    return 1;
}
