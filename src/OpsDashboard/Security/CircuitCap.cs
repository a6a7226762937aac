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

            var mine = client is null ? 0 : _perClient.GetValueOrDefault(client);
            if (client is not null && mine >= limits.MaxCircuitsPerClient)
            {
                return $"{client} already has {mine} open dashboard tabs, the limit ({SecurityOptions.Section}:MaxCircuitsPerClient): close some and reload.";
            }

            if (_clientOf.Count >= limits.MaxCircuits)
            {
                return $"The dashboard already has {_clientOf.Count} open tabs, the limit ({SecurityOptions.Section}:MaxCircuits): try again later.";
            }

            _clientOf[circuitId] = client ?? "";
            if (client is not null)
            {
                _perClient[client] = mine + 1;
            }
            return null;
        }
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
        // Local and anonymous access give every browser the same name (a wall of many displays, a benchmark's hundred
        // tabs): only the total cap applies to them.
        var name = user.Identity?.Name;
        var client = name is null or "anonymous" or "local" ? null : name;
        if (count.TryOpen(circuit.Id, client) is { } refused)
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

/// <summary>A circuit past the caps of <see cref="CircuitCount"/>.</summary>
public sealed class CircuitRefusedException(string message) : Exception(message);
