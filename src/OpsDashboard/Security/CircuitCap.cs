using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Security;

/// <summary>
/// The circuits open now, per client and in all, each counted once by its id: a reconnect brings back the same
/// circuit (OnConnectionUp, not OnCircuitOpened) and so never counts twice.
/// </summary>
public sealed class CircuitCount(IOptionsMonitor<SecurityOptions> security)
{
    /// <summary>The claim that carries an anonymous browser's address: anonymous tabs count against their address.</summary>
    public const string AddressClaim = "opsdashboard:address";

    private readonly Dictionary<string, string> _clientOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _clientOf.Count;
            }
        }
    }

    /// <summary>
    /// Whom a circuit of <paramref name="user"/> counts against: a signed-in user or kiosk display by name, an anonymous
    /// browser by its address (one address opening hundreds of tabs is the abuse the cap is for); null for local access,
    /// whose browsers all share the machine's name and are held to the total cap only.
    /// </summary>
    public static string? ClientOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.Name switch
        {
            null or "local" => null,
            "anonymous" => user.FindFirst(AddressClaim)?.Value is { Length: > 0 } address ? $"address {address}" : null,
            var name => name,
        };
    }

    /// <summary>Why a new circuit of <paramref name="client"/> would be refused now, or null if it would be admitted.</summary>
    public string? Refusal(string? client)
    {
        lock (_lock)
        {
            return RefusalLocked(client, security.CurrentValue);
        }
    }

    /// <summary>
    /// Counts the circuit for <paramref name="client"/> (null: a client that cannot be told apart from others, held to the
    /// total cap only); null if admitted, else why not (naming the key to raise).
    /// </summary>
    public string? TryOpen(string circuitId, string? client)
    {
        var limits = security.CurrentValue;
        lock (_lock)
        {
            if (_clientOf.ContainsKey(circuitId))
            {
                return null;
            }

            if (RefusalLocked(client, limits) is { } refused)
            {
                return refused;
            }

            _clientOf[circuitId] = client ?? "";
            if (client is not null)
            {
                _perClient[client] = _perClient.GetValueOrDefault(client) + 1;
            }

            return null;
        }
    }

    private string? RefusalLocked(string? client, SecurityOptions limits)
    {
        var mine = client is null ? 0 : _perClient.GetValueOrDefault(client);
        if (client is not null && mine >= limits.MaxCircuitsPerClient)
        {
            return $"{client} already has {mine} open dashboard tabs, the limit ({SecurityOptions.Section}:MaxCircuitsPerClient): close some and reload.";
        }

        return _clientOf.Count >= limits.MaxCircuits
            ? $"The dashboard already has {_clientOf.Count} open tabs, the limit ({SecurityOptions.Section}:MaxCircuits): try again later."
            : null;
    }

    public void Close(string circuitId)
    {
        lock (_lock)
        {
            if (_clientOf.Remove(circuitId, out var client) && client.Length > 0 && --_perClient[client] == 0)
            {
                _perClient.Remove(client);
            }
        }
    }
}

/// <summary>Admits a circuit only within <see cref="CircuitCount"/>'s caps; past them the circuit is refused with the reason.</summary>
public sealed partial class CircuitCap(CircuitCount count, AuthenticationStateProvider authentication, ILogger<CircuitCap> logger) : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (count.TryOpen(circuit.Id, CircuitCount.ClientOf(user)) is { } refused)
        {
            LogRefused(logger, refused);
            throw new CircuitRefusedException(refused);
        }
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        count.Close(circuit.Id);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Circuit refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}

/// <summary>
/// A page asked for past the caps gets a page that says so (429, and it looks again every minute, so a wall display
/// comes back by itself once tabs close) rather than a page whose circuit would be refused and reloaded.
/// </summary>
public static partial class CircuitCapPage
{
    public static IApplicationBuilder UseCircuitCapPage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsGet(context.Request.Method)
            && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            && context.RequestServices.GetRequiredService<CircuitCount>().Refusal(CircuitCount.ClientOf(context.User)) is { } refused)
        {
            LogRefused(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CircuitCapPage)), context.Request.Path, refused);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "60";
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"60\">" +
                "<title>Too many open tabs · OpsDashboard</title></head>" +
                $"<body><p data-circuit-cap>{WebUtility.HtmlEncode(refused)}</p><p>This page tries again every minute.</p></body></html>",
                context.RequestAborted);
            return;
        }

        await next(context);
    });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page {Path} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string reason);
}

/// <summary>A circuit past the caps of <see cref="CircuitCount"/>.</summary>
public sealed class CircuitRefusedException(string message) : Exception(message);
