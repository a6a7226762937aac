using Microsoft.Extensions.Options;

namespace OpsDashboard.History;

/// <summary>
/// The history database as the app uses it (a SQLite file, or PostgreSQL when scaled out). Writers (the figure sampler and the timeline recorder) share one connection,
/// opened on first use and reopened after a failure; a failure is shown by <see cref="HistoryHealth"/>, logged once,
/// and never thrown at a writer. Readers (pages) each open a connection of their own for one query.
/// </summary>
public sealed partial class HistoryDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly HistoryHealth _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private HistoryStore? _writer;

    public HistoryDatabase(HistoryHealth health, TimeProvider time, IOptions<HistoryOptions> options, HistoryLocation location, ILogger<HistoryDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _health = health;
        _time = time;
        _logger = logger;
        Options = options.Value;
        Location = location;
    }

    public HistoryOptions Options { get; }

    public HistoryLocation Location { get; }

    /// <summary>The shared writer while it is open; null before the first write and after a failure.</summary>
    public HistoryStore? Writer => _writer;

    /// <summary>
    /// Runs <paramref name="write"/> on the shared writer (opening it if needed), one writer at a time. Returns false when
    /// the file cannot be used: the problem is then on the banner and the writer is reopened next time.
    /// </summary>
    /// <param name="write">Does the writing; returns how many figure samples it wrote (0 for timeline rows).</param>
    /// <param name="cancellationToken">Stops waiting for the writer and the write itself.</param>
    public async Task<bool> TryWriteAsync(Func<HistoryStore, CancellationToken, Task<int>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await _writing.WaitAsync(cancellationToken);
        try
        {
            _writer ??= await Location.OpenWriterAsync(cancellationToken);
            _health.Succeeded(await write(_writer, cancellationToken));
            return true;
        }
        catch (HistoryUnavailableException ex)
        {
            if (_health.Problem?.Message != ex.Message)
            {
                LogHistoryUnavailable(_logger, ex.Message);
            }

            _health.Failed(ex.Message, _time.GetUtcNow());
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
                _writer = null;
            }

            return false;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Runs one query on a connection of its own. Throws <see cref="HistoryUnavailableException"/> with a message for the page.</summary>
    public async Task<T> ReadAsync<T>(Func<HistoryStore, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!Options.Enabled)
        {
            throw new HistoryUnavailableException($"History is off ({HistoryOptions.Section}:Enabled is false): there are no graphs and no timeline to show.");
        }

        await using var reader = await Location.OpenReaderAsync(cancellationToken);
        return await read(reader, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _writing.WaitAsync();
        try
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
                _writer = null;
            }
        }
        finally
        {
            _writing.Release();
        }

        _writing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "History is not being recorded: {Reason}")]
    private static partial void LogHistoryUnavailable(ILogger logger, string reason);
}
