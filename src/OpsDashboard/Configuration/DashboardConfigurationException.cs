namespace OpsDashboard.Configuration;

/// <summary>Every configuration problem found at start, each naming its key and what to put there.</summary>
public sealed class DashboardConfigurationException : Exception
{
    public DashboardConfigurationException()
        : this([])
    {
    }

    public DashboardConfigurationException(string message)
        : this([message])
    {
    }

    public DashboardConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [message];
    }

    public DashboardConfigurationException(IReadOnlyList<string> failures)
        : base(string.Join(Environment.NewLine, failures))
    {
        Failures = failures;
    }

    public IReadOnlyList<string> Failures { get; } = [];
}
