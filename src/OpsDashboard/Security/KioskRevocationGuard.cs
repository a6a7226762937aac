using Microsoft.AspNetCore.Components;

namespace OpsDashboard.Security;

/// <summary>
/// Ends a revoked kiosk display's circuit: the page reloads (and gets the "token revoked" page), and the circuit is
/// torn down with an exception in case the browser does not follow, so no render batch reaches it any more.
/// </summary>
public sealed class KioskRevocationGuard : ComponentBase
{
    [Inject]
    public required KioskRevocation Revocation { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized() => _ = EndWhenRevokedAsync();

    private async Task EndWhenRevokedAsync()
    {
        var display = await Revocation.Revoked;
        await InvokeAsync(() => Navigation.Refresh(forceReload: true));
        await DispatchExceptionAsync(new KioskTokenRevokedException(display));
    }
}

public sealed class KioskTokenRevokedException : Exception
{
    public KioskTokenRevokedException()
    {
    }

    public KioskTokenRevokedException(string display)
        : base($"The kiosk token of {display} was revoked; its circuit is ended.")
    {
    }

    public KioskTokenRevokedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
