using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using OpsDashboard.Security;

namespace OpsDashboard.Timeline;

/// <summary>
/// How many postmortem exports run at once (<see cref="SecurityOptions.MaxConcurrentExports"/>). No queue: one past
/// the limit is answered at once with 503 and Retry-After, instead of piling up reads that slow everything else.
/// </summary>
public sealed class PostmortemExportLimit : IDisposable
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public static readonly string RetryAfterSeconds = RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    private readonly ConcurrencyLimiter _limiter;

    public PostmortemExportLimit(IOptions<SecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Limit = options.Value.MaxConcurrentExports;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = Limit, QueueLimit = 0 });
    }

    public int Limit { get; }

    public string BusyReason => $"{Limit} postmortem exports are already running (the limit, {SecurityOptions.Section}:MaxConcurrentExports): try again in {RetryAfterSeconds} s.";

    /// <summary>A slot for one export, to dispose when it is written; <see cref="RateLimitLease.IsAcquired"/> is false when all are taken.</summary>
    public RateLimitLease TryStart() => _limiter.AttemptAcquire();

    public void Dispose() => _limiter.Dispose();
}
