using Microsoft.AspNetCore.Hosting.Server;

namespace Switchyard.Gateway.Http1;

/// <summary>Hands a request the server does not answer itself to the ASP.NET Core application (its middleware and endpoints).</summary>
internal interface IHttp1Application
{
    Task ProcessAsync(Http1Connection connection);
}

/// <summary>The bridge for one application type: features in, the application's pipeline, the answer completed.</summary>
internal sealed class Http1Application<TContext>(IHttpApplication<TContext> application) : IHttp1Application
    where TContext : notnull
{
    public async Task ProcessAsync(Http1Connection connection)
    {
        var features = new Http1Features(connection);
        var context = application.CreateContext(features.ToCollection());
        Exception? failure = null;
        try
        {
            await application.ProcessRequestAsync(context);
            await features.CompleteAsync();
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            try
            {
                await features.FireOnCompletedAsync();
            }
            finally
            {
                application.DisposeContext(context, failure);
            }
        }
    }
}
