using Microsoft.Extensions.Logging;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>One log line as written: level, the formatted message and the exception whose stack trace goes with it.</summary>
public sealed record LogLine(LogLevel Level, string Message, Exception? Exception);

/// <summary>A logger for every category that keeps what was written, for tests that assert on the log.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly List<LogLine> _lines = [];

    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_lines)
        {
            _lines.Add(new LogLine(logLevel, formatter(state, exception), exception));
        }
    }

    /// <summary>Typed for a class's logger, writing to the same lines.</summary>
    public ILogger<T> For<T>() => new Typed<T>(this);

    private sealed class Typed<T>(RecordingLogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
