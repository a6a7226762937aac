namespace OpsDashboard.TimeSeries.CloudWatch;

/// <summary>Why CloudWatch gave no data, in words that say what to fix; <see cref="Kind"/> lets tiles tell them apart.</summary>
public sealed class CloudWatchException(CloudWatchFailure kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public CloudWatchFailure Kind { get; } = kind;
}

public enum CloudWatchFailure
{
    NoCredentials,
    CredentialsExpired,
    CredentialsRejected,
    AccessDenied,
    Throttled,
    Unreachable,
    BadResponse,
    BadRequest,
}
