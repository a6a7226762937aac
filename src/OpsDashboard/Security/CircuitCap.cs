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

    /// <summary>Counts the circuit for <paramref name="client"/>; null if admitted, else why not (naming the key to raise).</summary>
    public string? TryOpen(string circuitId, string client)
    {
        var limits = security.CurrentValue;
        lock (_lock)
        {
            if (_clientOf.ContainsKey(circuitId))
            {
                return null;
            }

            var mine = _perClient.GetValueOrDefault(client);
            if (mine >= limits.MaxCircuitsPerClient)
            {
                return $"{client} already has {mine} open dashboard tabs, the limit ({SecurityOptions.Section}:MaxCircuitsPerClient): close some and reload.";
            }

            if (_clientOf.Count >= limits.MaxCircuits)
            {
                return $"The dashboard already has {_clientOf.Count} open tabs, the limit ({SecurityOptions.Section}:MaxCircuits): try again later.";
            }

            _clientOf[circuitId] = client;
            _perClient[client] = mine + 1;
            return null;
        }
    }

    public void Close(string circuitId)
    {
        lock (_lock)
        {
            if (_clientOf.Remove(circuitId, out var client) && --_perClient[client] == 0)
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
        if (count.TryOpen(circuit.Id, user.Identity?.Name ?? "anonymous") is { } refused)
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
