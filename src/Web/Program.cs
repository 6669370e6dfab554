using Switchyard.Web;

WebApp.Build(args).Run();
