using Switchyard.Web;

var app = WebApp.Build(args);
await WebApp.PrepareAsync(app);
await app.RunAsync();
