using Switchyard.Data.Hosting;
using Switchyard.Gateway;
using Switchyard.Gateway.Commands;

if (args.Length > 0 && GatewayCommands.IsCommand(args[0]))
{
    return await GatewayCommands.RunAsync(args);
}

SocketCompletions.PreferInline();
var app = GatewayApp.Build(args);
RuntimeSettings.Log(app.Services.GetRequiredService<ILoggerFactory>());
return await StartupFailure.RunAsync("Switchyard gateway", async () =>
{
    await GatewayApp.PrepareAsync(app);
    await app.RunAsync();
});
