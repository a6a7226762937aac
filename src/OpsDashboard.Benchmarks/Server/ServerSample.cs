namespace OpsDashboard.Benchmarks.Server;

/// <summary>The app process as seen from outside at one moment.</summary>
/// <param name="At">Timestamp from <see cref="TimeProvider.GetTimestamp"/>.</param>
/// <param name="Cpu">User plus system CPU time the process has used since it started (/proc/PID/stat).</param>
/// <param name="BrowserSideCpu">CPU of this runner and everything it started except the app: Playwright and Chromium.</param>
/// <param name="MachineBusy">Busy and total jiffies of the whole machine (/proc/stat), for how loaded the cores were.</param>
/// <param name="RssBytes">VmRSS of the process.</param>
/// <param name="StoreVersion">The store's version from /metrics: how many updates it has applied.</param>
/// <param name="CircuitsConnected">Circuits with a live browser connection, from /metrics.</param>
/// <param name="CircuitsOpen">Circuits the server holds, connected or not, from /metrics.</param>
/// <param name="StoreSubscribers">Readers of the store's push stream, from /metrics.</param>
public sealed record ServerSample(
    long At,
    TimeSpan Cpu,
    TimeSpan BrowserSideCpu,
    (long Busy, long Total) MachineBusy,
    long RssBytes,
    long StoreVersion,
    int CircuitsConnected,
    int CircuitsOpen,
    int StoreSubscribers);

/// <summary>Memory right after a full blocking GC that the probe induced in the app.</summary>
/// <param name="RssBytes">VmRSS of the process.</param>
/// <param name="GcHeapBytes">The GC heap at the end of that collection, all generations (live objects and fragmentation).</param>
/// <param name="GcFragmentationBytes">The free space inside that heap (part of <paramref name="GcHeapBytes"/>).</param>
/// <param name="GcCommittedBytes">Memory the GC had committed at the end of that collection.</param>
public sealed record MemoryAfterGc(long RssBytes, long GcHeapBytes, long GcFragmentationBytes, long GcCommittedBytes);
