using Switchyard.Gateway;

// The gateway exactly as src/Gateway/Program.cs starts it, with one change: SocketServer instead of Kestrel.
SocketCompletions.PreferInline();
var app = GatewayApp.Build(args, builder => builder.WebHost.UseServer(new SocketServer()));
await GatewayApp.PrepareAsync(app);
await app.RunAsync();
