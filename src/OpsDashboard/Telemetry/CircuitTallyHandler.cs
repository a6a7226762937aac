using Microsoft.AspNetCore.Components.Server.Circuits;

namespace OpsDashboard.Telemetry;

/// <summary>Feeds <see cref="CircuitTally"/> from Blazor's circuit events; one instance per circuit.</summary>
public sealed class CircuitTallyHandler(CircuitTally tally) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        tally.Opened();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        tally.ConnectionUp();
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        tally.ConnectionDown();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        tally.Closed();
        return Task.CompletedTask;
    }
}
