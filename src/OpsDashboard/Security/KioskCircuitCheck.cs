using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Security;

/// <summary>
/// Re-checks a kiosk display's token while its circuit is open: a request is checked on arrival, but a wall's circuit
/// lives for days, so removing the token must also end the circuits it opened (<see cref="KioskRevocationGuard"/>).
/// One per circuit; everyone who is not a kiosk is left alone.
/// </summary>
public sealed partial class KioskCircuitCheck(
    AuthenticationStateProvider authentication, IOptionsMonitor<SecurityOptions> security, TimeProvider time, KioskRevocation revocation, ILogger<KioskCircuitCheck> logger)
    : CircuitHandler, IDisposable
{
    /// <summary>How often an open kiosk circuit's token is looked up again; revocation ends it within this.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private ITimer? _timer;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken) =>
        Watch((await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>Starts the periodic check if <paramref name="user"/> is a kiosk display.</summary>
    public void Watch(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (KioskAccess.TokenHash(user) is not { } hash)
        {
            return;
        }

        var display = user.Identity?.Name ?? "kiosk";
        _timer = time.CreateTimer(_ => Check(hash, display), null, Interval, Interval);
    }

    public void Dispose() => _timer?.Dispose();

    private void Check(string hash, string display)
    {
        if (KioskAccess.IsConfigured(security.CurrentValue, hash))
        {
            return;
        }

        _timer?.Dispose();
        LogRevoked(logger, display);
        revocation.Revoke(display);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token of {Display} was revoked: ending its open circuit")]
    private static partial void LogRevoked(ILogger logger, string display);
}

/// <summary>The circuit's word that its kiosk token was revoked, from <see cref="KioskCircuitCheck"/> to <see cref="KioskRevocationGuard"/>.</summary>
public sealed class KioskRevocation
{
    private readonly TaskCompletionSource<string> _revoked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the display's name once its token is revoked.</summary>
    public Task<string> Revoked => _revoked.Task;

    public void Revoke(string display) => _revoked.TrySetResult(display);
}
