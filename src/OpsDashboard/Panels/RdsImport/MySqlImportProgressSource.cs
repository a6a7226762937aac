using OpsDashboard.Pipeline;
using OpsDashboard.TimeSeries.CloudWatch;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>
/// The RDS import panel for one import: every interval, two cheap queries on one connection, turned into progress by
/// an <see cref="ImportTracker"/>. The expected sizes come from a manifest file or from the source database.
/// </summary>
public sealed class MySqlImportProgressSource : PolledSource<ImportProgress>, IImportProgressSource, IAsyncDisposable
{
    public const string Group = "AWS";
    private readonly ImportWatchOptions _import;
    private readonly MySqlImportReader _reader;
    private readonly CloudWatchRefresh? _cloudWatch;
    private readonly IReadOnlyList<(string Name, CloudWatchMetric Metric)> _instancePlan;
    private ImportTracker? _tracker;
    private ImportManifest? _manifest;

    /// <param name="import">The import to watch.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cloudWatch">The app's CloudWatch refresh, which reads the instance's metrics when an identifier is configured.</param>
    public MySqlImportProgressSource(ImportWatchOptions import, TimeProvider time, CloudWatchRefresh? cloudWatch = null)
        : base(time, (import ?? throw new ArgumentNullException(nameof(import))).Interval)
    {
        _import = import;
        _cloudWatch = cloudWatch;
        _instancePlan = import.DbInstanceIdentifier is { Length: > 0 } id ? RdsInstanceMetrics.Plan(import.Region, id, RdsInstanceMetrics.IsBurstable(import.InstanceClass)) : [];
        _reader = new MySqlImportReader(import.ConnectionString, time);
        Info = new SourceInfo(RdsImportPanel.Kind, $"MySQL {import.Name}", IsDemo: false, StaleAfter: (import.Interval * 4) + TimeSpan.FromSeconds(30));
    }

    public override SourceInfo Info { get; }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    protected override async Task<IReadOnlyList<TargetReading<ImportProgress>>> PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            _manifest ??= _import.ManifestPath is { } path
                ? ImportManifest.Load(path)
                : await DatabaseManifest.ReadAsync(_import.SourceConnectionString!, _import.SourceSchema ?? _import.Schema, exactRows: false, cancellationToken);
            _tracker ??= new ImportTracker(_manifest, _import.RateWindow);
            var observation = await _reader.ObserveAsync(_import.Schema, _tracker.ToCount, cancellationToken);
            if (Mismatch(_manifest, observation) is { } mismatch)
            {
                return [TargetReading<ImportProgress>.Failed(Group, _import.Name, mismatch)];
            }

            var instance = new MySqlConnector.MySqlConnectionStringBuilder(_import.ConnectionString).Server;
            var progress = _tracker.Observe(observation, _import.Name, instance, _import.InstanceClass ?? "MySQL", _import.StallAfter);
            if (_instancePlan.Count > 0 && _cloudWatch?.Latest is { } round)
            {
                progress = progress with { InstanceMetrics = RdsInstanceMetrics.From(round, _instancePlan) };
            }

            return [TargetReading<ImportProgress>.Ok(Group, _import.Name, progress)];
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Reported on this import's own tile, even before its first good reading.
            return [TargetReading<ImportProgress>.Failed(Group, _import.Name, ex is ImportSetupException or FormatException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}")];
        }
    }

    /// <summary>Tables with data that the manifest does not list mean the wrong manifest or the wrong schema.</summary>
    public static string? Mismatch(ImportManifest manifest, ImportObservation observation)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(observation);
        var expected = manifest.Tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var unexpected = observation.Tables.Where(t => t.RowsEstimate > 0 && !expected.Contains(t.Name)).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        var known = observation.Tables.Count(t => expected.Contains(t.Name));
        return unexpected.Count > 0 && unexpected.Count >= known
            ? $"the schema has tables the manifest does not list ({string.Join(", ", unexpected.Take(5))}{(unexpected.Count > 5 ? $" and {unexpected.Count - 5} more" : "")}) and only {known} it does: is this the right manifest? It lists {manifest.Tables.Count} tables of {manifest.Source}."
            : null;
    }
}
