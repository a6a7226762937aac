namespace OpsDashboard.Benchmarks.Server;

/// <summary>Watches the app from outside: /proc for memory and CPU, its /metrics for the store and the circuits.</summary>
public sealed class ServerProbe : IDisposable
{
    private const string Gen2Collections = "dotnet_collection_count_total{generation=\"2\"}";
    private const string MeterGen2Collections = "system_runtime_dotnet_gc_collections{gc_heap_generation=\"gen2\"}";
    private const string HeapAfterLastGc = "system_runtime_dotnet_gc_last_collection_heap_size";
    private const string FragmentationAfterLastGc = "system_runtime_dotnet_gc_last_collection_heap_fragmentation_size";
    private const string CommittedAfterLastGc = "system_runtime_dotnet_gc_last_collection_memory_committed_size";
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);
    private readonly HttpClient _http;
    private readonly int _pid;
    private readonly TimeProvider _time;

    public ServerProbe(int pid, Uri baseUri, TimeProvider time)
    {
        _pid = pid;
        _time = time;
        _http = new HttpClient { BaseAddress = baseUri };
    }

    public async Task<PrometheusText> ScrapeAsync(CancellationToken cancellationToken) =>
        PrometheusText.Parse(await _http.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken));

    public async Task<ServerSample> SampleAsync(CancellationToken cancellationToken)
    {
        var metrics = await ScrapeAsync(cancellationToken);
        return new ServerSample(
            _time.GetTimestamp(),
            ProcFs.ReadCpuTime(_pid),
            ProcFs.ReadTreeCpuTime(Environment.ProcessId, except: _pid),
            ProcFs.ReadMachineJiffies(),
            ProcFs.ReadRssBytes(_pid),
            (long)metrics.Value("opsdashboard_store_updates_total"),
            (int)metrics.Value("opsdashboard_circuits_connected"),
            (int)metrics.Value("opsdashboard_circuits_open"),
            (int)metrics.Value("opsdashboard_store_subscribers"));
    }

    /// <summary>
    /// Induces a full blocking GC, then reads the GC heap as the runtime measured it at the end of that collection
    /// (live objects plus fragmentation, all generations) and the RSS right after.
    /// </summary>
    public async Task<MemoryAfterGc> MeasureMemoryAfterGcAsync(CancellationToken cancellationToken)
    {
        await InducedGc.CollectAsync(_pid, async ct => (await ScrapeAsync(ct)).Value(Gen2Collections), cancellationToken);
        // The runtime meter is read at scrape time; make sure it has seen the induced collection before trusting it.
        var metrics = await WaitForAsync(m => m.Value(MeterGen2Collections) >= m.Value(Gen2Collections), TimeSpan.FromSeconds(30), "the runtime meter to see the induced GC", cancellationToken);
        return new MemoryAfterGc(ProcFs.ReadRssBytes(_pid), (long)metrics.Sum(HeapAfterLastGc), (long)metrics.Sum(FragmentationAfterLastGc), (long)metrics.Value(CommittedAfterLastGc));
    }

    /// <summary>Scrapes /metrics until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public async Task<PrometheusText> WaitForAsync(Func<PrometheusText, bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var start = _time.GetTimestamp();
        while (true)
        {
            var metrics = await ScrapeAsync(cancellationToken);
            if (condition(metrics))
            {
                return metrics;
            }

            if (_time.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(PollEvery, _time, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();
}
