using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpsDashboard.Telemetry;

namespace OpsDashboard.TimeSeries.Prometheus;

/// <summary>
/// Range queries over Prometheus's HTTP API (<c>/api/v1/query_range</c>). A panel series must be one time series, so a
/// query that returns several is refused with a message that says to aggregate it.
/// </summary>
public sealed class PrometheusClient(HttpClient http, Uri baseUrl)
{
    public Uri BaseUrl { get; } = baseUrl;

    public async Task<MetricSeries> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var uri = new Uri(BaseUrl, string.Create(CultureInfo.InvariantCulture,
            $"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={start.ToUnixTimeSeconds()}&end={end.ToUnixTimeSeconds()}&step={(long)step.TotalSeconds}s"));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var series = await QueryOnceAsync(query, uri, cancellationToken);
            UpstreamMetrics.Record(UpstreamMetrics.Prometheus, "ok", System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return series;
        }
        catch (PrometheusException)
        {
            UpstreamMetrics.Record(UpstreamMetrics.Prometheus, "error", System.Diagnostics.Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    private async Task<MetricSeries> QueryOnceAsync(string query, Uri uri, CancellationToken cancellationToken)
    {
        PrometheusResponse? response;
        try
        {
            using var answer = await http.GetAsync(uri, cancellationToken);
            try
            {
                response = await answer.Content.ReadFromJsonAsync(PrometheusJson.Default.PrometheusResponse, cancellationToken);
            }
            catch (JsonException ex)
            {
                throw new PrometheusException($"Prometheus at {BaseUrl} answered {(int)answer.StatusCode} with a body that is not its API's JSON: {ex.Message}", ex);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new PrometheusException($"Prometheus at {BaseUrl} is unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrometheusException($"Prometheus at {BaseUrl} did not answer within {http.Timeout.TotalSeconds:0} s.", ex);
        }

        if (response is not { Status: "success", Data: { } data })
        {
            throw new PrometheusException($"Prometheus refused the query `{query}`: {response?.ErrorType} {response?.Error}".TrimEnd());
        }

        if (data.ResultType != "matrix")
        {
            throw new PrometheusException($"The query `{query}` gave a {data.ResultType}, not a range of values.");
        }

        return data.Result switch
        {
            [] => MetricSeries.Empty,
            [var one] => new MetricSeries([.. one.Values.Select(ToPoint).Where(p => double.IsFinite(p.Value))]),
            var many => throw new PrometheusException($"The query `{query}` returned {many.Count} series; a panel series needs one: aggregate it, e.g. sum({query})."),
        };
    }

    private static MetricPoint ToPoint(JsonElement[] pair) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(pair[0].GetDouble() * 1000)), double.Parse(pair[1].GetString()!, CultureInfo.InvariantCulture));
}

public sealed class PrometheusException(string message, Exception? inner = null) : Exception(message, inner);

internal sealed record PrometheusResponse(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("data")] PrometheusData? Data,
    [property: JsonPropertyName("errorType")] string? ErrorType,
    [property: JsonPropertyName("error")] string? Error);

internal sealed record PrometheusData(
    [property: JsonPropertyName("resultType")] string ResultType,
    [property: JsonPropertyName("result")] IReadOnlyList<PrometheusResult> Result);

internal sealed record PrometheusResult(
    [property: JsonPropertyName("metric")] Dictionary<string, string> Metric,
    [property: JsonPropertyName("values")] JsonElement[][] Values);

[JsonSerializable(typeof(PrometheusResponse))]
internal sealed partial class PrometheusJson : JsonSerializerContext;
