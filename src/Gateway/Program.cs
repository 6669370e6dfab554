using Switchyard.Gateway;
using Switchyard.Gateway.Commands;

if (args.Length > 0 && GatewayCommands.IsCommand(args[0]))
{
    return await GatewayCommands.RunAsync(args);
}

var app = GatewayApp.Build(args);
await GatewayApp.PrepareAsync(app);
await app.RunAsync();
return 0;
