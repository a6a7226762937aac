using Microsoft.Extensions.Options;

namespace OpsDashboard.Panels.Cdn;

/// <summary>Checks Dashboard:Cdn at start, naming every bad key and what to put there.</summary>
public sealed class CdnOptionsValidator : IValidateOptions<CdnOptions>
{
    public ValidateOptionsResult Validate(string? name, CdnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = CdnOptions.Section;
        if (options.Period < TimeSpan.FromMinutes(1) || options.Period.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            errors.Add($"{s}:Period must be whole minutes (CloudWatch periods are multiples of 60 s), e.g. 00:05:00; got {options.Period}.");
        }
        else if (options.Window < options.Period || options.Trend < options.Window)
        {
            errors.Add($"{s}: Window ({options.Window}) must be at least Period ({options.Period}), and Trend ({options.Trend}) at least Window.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Distributions.Count; i++)
        {
            var d = options.Distributions[i];
            var key = $"{s}:Distributions:{i}";
            if (string.IsNullOrWhiteSpace(d.Id))
            {
                errors.Add($"{key}:Id is empty: give the CloudFront distribution id, e.g. E2QWRUHAPOMQZL.");
            }
            else if (!seen.Add(CloudWatchCdnSource.Target(d)))
            {
                errors.Add($"{key}: \"{CloudWatchCdnSource.Target(d)}\" is configured twice; give each distribution its own Alias.");
            }

            if (d.WarnBelow is < 0 or > 1)
            {
                errors.Add($"{key}:WarnBelow is a fraction between 0 and 1, e.g. 0.95; got {d.WarnBelow}.");
            }

            if (d.Origin is { } origin && (string.IsNullOrWhiteSpace(origin.LoadBalancer) || string.IsNullOrWhiteSpace(origin.Region)))
            {
                errors.Add($"{key}:Origin needs LoadBalancer (e.g. app/mdn-attachments/50dc6c495c0c9188) and Region (e.g. us-west-2).");
            }

            var originKnown = d.Origin is not null || d.Prometheus.ContainsKey(CdnSeriesKind.OriginBytes) || d.Prometheus.ContainsKey(CdnSeriesKind.OriginRequests);
            if (d.HitRatio is HitRatioMethod.OriginBytes or HitRatioMethod.OriginRequests && !originKnown)
            {
                errors.Add($"{key}:HitRatio is {d.HitRatio}, which needs the origin's traffic: set {key}:Origin or a Prometheus query for it.");
            }

            foreach (var (kind, query) in d.Prometheus)
            {
                if (string.IsNullOrWhiteSpace(query))
                {
                    errors.Add($"{key}:Prometheus:{kind} is empty: give a PromQL query that returns one series, e.g. sum(increase(nginx_http_requests_total{{app=\"mdn\"}}[5m])).");
                }
            }

            if (d.Compare is { } compare && (compare.At == default || compare.Span < TimeSpan.FromHours(1)))
            {
                errors.Add($"{key}:Compare needs At (the moment, e.g. 2017-10-26T00:00:00Z) and a Span of at least an hour; got At={compare.At:O}, Span={compare.Span}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
