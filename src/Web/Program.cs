using Switchyard.Data.Hosting;
using Switchyard.Web;

var app = WebApp.Build(args);
return await StartupFailure.RunAsync("Switchyard dashboard", async () =>
{
    await WebApp.PrepareAsync(app);
    await app.RunAsync();
});
