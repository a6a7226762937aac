using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace OpsDashboard.Benchmarks.Server;

/// <summary>
/// Makes the app run a full blocking GC from outside, the way dotnet-gcdump does: an EventPipe session that enables
/// the runtime provider's GCHeapCollect keyword. The app needs no endpoint for it.
/// </summary>
public static class InducedGc
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;

    /// <summary>Returns once <paramref name="gen2Collections"/> shows that a gen-2 collection has run.</summary>
    public static async Task CollectAsync(int pid, Func<CancellationToken, Task<double>> gen2Collections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gen2Collections);
        var before = await gen2Collections(cancellationToken);
        var client = new DiagnosticsClient(pid);
        var provider = new EventPipeProvider(RuntimeProvider, EventLevel.Informational, GcKeyword | GcHeapCollectKeyword);
        using var session = await client.StartEventPipeSessionAsync(provider, requestRundown: false, circularBufferMB: 16, cancellationToken);
        var drain = session.EventStream.CopyToAsync(Stream.Null, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (await gen2Collections(timeout.Token) <= before)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }

        session.Stop();
        await drain;
    }
}
