namespace OpsDashboard.History;

/// <summary>The history database cannot be used; the message says which file and what to do about it.</summary>
public sealed class HistoryUnavailableException : Exception
{
    public HistoryUnavailableException()
    {
    }

    public HistoryUnavailableException(string message)
        : base(message)
    {
    }

    public HistoryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
