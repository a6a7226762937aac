using System.Globalization;
using System.Text;

namespace OpsDashboard.TimeSeries.CloudWatch;

/// <summary>
/// One CloudWatch series: a metric (namespace, name, dimensions) in a region, with the statistic and period to read.
/// Equal when they would ask CloudWatch for the same data, so panels asking for the same series share one query.
/// </summary>
public sealed class CloudWatchMetric : IEquatable<CloudWatchMetric>
{
    public CloudWatchMetric(string region, string metricNamespace, string name, IEnumerable<KeyValuePair<string, string>> dimensions, string stat, int periodSeconds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(metricNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(stat);
        if (periodSeconds < 60 || periodSeconds % 60 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(periodSeconds), periodSeconds, "CloudWatch periods of standard metrics are multiples of 60 seconds.");
        }

        Region = region;
        Namespace = metricNamespace;
        Name = name;
        Dimensions = [.. dimensions.OrderBy(d => d.Key, StringComparer.Ordinal)];
        Stat = stat;
        PeriodSeconds = periodSeconds;
        Key = BuildKey();
    }

    public string Region { get; }

    public string Namespace { get; }

    public string Name { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Dimensions { get; }

    public string Stat { get; }

    public int PeriodSeconds { get; }

    /// <summary>A stable text form, e.g. <c>us-east-1 AWS/CloudFront Requests{DistributionId=E1,Region=Global} Sum/300</c>.</summary>
    public string Key { get; }

    public bool Equals(CloudWatchMetric? other) => other is not null && Key == other.Key;

    public override bool Equals(object? obj) => obj is CloudWatchMetric other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    public override string ToString() => Key;

    private string BuildKey()
    {
        var key = new StringBuilder().Append(Region).Append(' ').Append(Namespace).Append(' ').Append(Name).Append('{');
        key.AppendJoin(',', Dimensions.Select(d => $"{d.Key}={d.Value}"));
        return key.Append("} ").Append(Stat).Append('/').Append(PeriodSeconds.ToString(CultureInfo.InvariantCulture)).ToString();
    }
}
