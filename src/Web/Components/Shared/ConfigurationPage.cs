using BootstrapBlazor.Components;
using Microsoft.AspNetCore.Components;
using Switchyard.Web.Features.Configuration;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Components.Shared;

/// <summary>
/// Base of the configuration pages: the caller's <see cref="TenantContext"/> (only to decide what to offer; the services
/// check again), and server calls whose failures become clear toasts instead of a broken circuit.
/// </summary>
public abstract partial class ConfigurationPage : ComponentBase
{
    [Inject]
    protected ToastService Toasts { get; set; } = default!;

    [Inject]
    protected ITenantAccess TenantAccess { get; set; } = default!;

    [Inject]
    private ILogger<ConfigurationPage> Logger { get; set; } = default!;

    /// <summary>Who is looking, or null before it is known / when signed out.</summary>
    protected TenantContext? Tenant { get; private set; }

    protected bool CanManageConfiguration => Tenant?.CanManageConfiguration == true;

    protected bool CanManageOwnKeys => Tenant?.CanManageOwnKeys == true;

    protected async Task LoadTenantAsync() => Tenant = await TenantAccess.GetCurrentAsync();

    /// <summary>Runs a server call. "Not allowed" and unexpected errors are shown as toasts; the result is then null.</summary>
    /// <param name="call">The service call.</param>
    /// <param name="whatFailed">Completes "Could not …", e.g. "save the group".</param>
    protected async Task<T?> CallAsync<T>(Func<Task<T>> call, string whatFailed)
        where T : class?
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (UnauthorizedAccessException ex)
        {
            await Toasts.Error("Not allowed", $"Could not {whatFailed}: {ex.Message}", autoHide: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CallFailed(Logger, whatFailed, ex);
            await Toasts.Error("Something went wrong", $"Could not {whatFailed}. The server logged the error; try again in a moment.", autoHide: false);
        }

        return null;
    }

    /// <summary>Toasts the outcome of a change; true when it succeeded.</summary>
    /// <param name="result">The service's answer.</param>
    /// <param name="success">The toast text on success, e.g. "Group saved".</param>
    protected async Task<bool> ReportAsync<T>(OperationResult<T>? result, string success)
    {
        if (result is null)
        {
            return false;
        }

        if (result.Problem is { } problem)
        {
            await Toasts.Error("Not saved", problem, autoHide: false);
            return false;
        }

        if (result.Errors.Count > 0)
        {
            await Toasts.Warning("Check the form", "Some fields need attention: see the messages next to them.", autoHide: true);
            return false;
        }

        await Toasts.Success(success, string.Empty, autoHide: true);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Dashboard call failed: could not {What}.")]
        public static partial void CallFailed(ILogger logger, string what, Exception exception);
    }
}
