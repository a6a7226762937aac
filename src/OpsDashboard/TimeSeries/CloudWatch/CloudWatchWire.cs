using System.Text.Json.Serialization;

namespace OpsDashboard.TimeSeries.CloudWatch;

// GetMetricData in the AWS JSON 1.0 protocol: times are epoch seconds, lists are plain arrays.
internal sealed record GetMetricDataRequest(
    IReadOnlyList<MetricDataQuery> MetricDataQueries,
    double StartTime,
    double EndTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextToken,
    string ScanBy = "TimestampAscending");

internal sealed record MetricDataQuery(string Id, MetricStat MetricStat, bool ReturnData = true);

internal sealed record MetricStat(WireMetric Metric, int Period, string Stat);

internal sealed record WireMetric(string Namespace, string MetricName, IReadOnlyList<WireDimension> Dimensions);

internal sealed record WireDimension(string Name, string Value);

internal sealed record GetMetricDataResponse(IReadOnlyList<MetricDataResult>? MetricDataResults, string? NextToken, IReadOnlyList<WireMessage>? Messages);

internal sealed record MetricDataResult(string? Id, string? Label, IReadOnlyList<double>? Timestamps, IReadOnlyList<double>? Values, string? StatusCode, IReadOnlyList<WireMessage>? Messages);

internal sealed record WireMessage(string? Code, string? Value);

internal sealed record WireError([property: JsonPropertyName("__type")] string? Type, [property: JsonPropertyName("message")] string? Message, [property: JsonPropertyName("Message")] string? UpperMessage);

[JsonSerializable(typeof(GetMetricDataRequest))]
[JsonSerializable(typeof(GetMetricDataResponse))]
[JsonSerializable(typeof(WireError))]
internal sealed partial class CloudWatchJson : JsonSerializerContext;
