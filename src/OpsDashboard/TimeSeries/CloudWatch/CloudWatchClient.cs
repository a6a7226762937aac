using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using OpsDashboard.Telemetry;

namespace OpsDashboard.TimeSeries.CloudWatch;

/// <summary>
/// GetMetricData over the AWS JSON 1.0 protocol, signed with AWSSDK.Core's SigV4 signer for service <c>monitoring</c>.
/// JSON rather than the Query protocol: one request and response shape, numbers and epoch times without XML parsing,
/// and the same protocol the current AWS SDKs use for CloudWatch. Up to 500 metrics per request, NextToken followed,
/// throttling retried with capped, jittered exponential backoff.
/// </summary>
public sealed class CloudWatchClient(HttpClient http, IAwsCredentialSource credentials, TimeProvider time, Uri? endpoint = null, int maxRetries = 5)
{
    public const int MaxMetricsPerCall = 500;
    private const string Target = "GraniteServiceVersion20100801.GetMetricData";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.0");
    private static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(10);

    /// <summary>Every metric, fetched for [start, end) in ⌈n/500⌉ calls per region (plus NextToken pages and retries).</summary>
    public async Task<CloudWatchFetch> GetMetricDataAsync(IReadOnlyCollection<CloudWatchMetric> metrics, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var unique = metrics.Distinct().ToList();
        var series = new Dictionary<CloudWatchMetric, MetricSeries>();
        var errors = new Dictionary<CloudWatchMetric, CloudWatchException>();
        var counter = new CallCounter();
        foreach (var region in unique.GroupBy(m => m.Region, StringComparer.Ordinal))
        {
            foreach (var batch in region.Chunk(MaxMetricsPerCall))
            {
                try
                {
                    await FetchBatchAsync(region.Key, batch, start, end, series, errors, counter, cancellationToken);
                }
                catch (CloudWatchException ex)
                {
                    foreach (var metric in batch)
                    {
                        series.Remove(metric);
                        errors[metric] = ex;
                    }
                }
            }
        }

        return new CloudWatchFetch { Series = series, Errors = errors, Calls = counter.Calls, ThrottledCalls = counter.Throttled, MetricsRequested = unique.Count };
    }

    private async Task FetchBatchAsync(
        string region, CloudWatchMetric[] batch, DateTimeOffset start, DateTimeOffset end,
        Dictionary<CloudWatchMetric, MetricSeries> series, Dictionary<CloudWatchMetric, CloudWatchException> errors, CallCounter counter, CancellationToken cancellationToken)
    {
        var queries = batch.Select((m, i) => new MetricDataQuery(
            "m" + i.ToString(CultureInfo.InvariantCulture),
            new MetricStat(new WireMetric(m.Namespace, m.Name, [.. m.Dimensions.Select(d => new WireDimension(d.Key, d.Value))]), m.PeriodSeconds, m.Stat))).ToList();
        var points = batch.Select(_ => new List<MetricPoint>()).ToArray();
        var partial = new bool[batch.Length];
        string? nextToken = null;
        do
        {
            var request = new GetMetricDataRequest(queries, start.ToUnixTimeSeconds(), end.ToUnixTimeSeconds(), nextToken);
            var response = await CallWithRetriesAsync(region, request, counter, cancellationToken);
            foreach (var result in response.MetricDataResults ?? [])
            {
                if (result.Id is not ['m', .. var digits] || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= batch.Length)
                {
                    throw new CloudWatchException(CloudWatchFailure.BadResponse, $"CloudWatch answered with a result for query id \"{result.Id}\", which was not asked for.");
                }

                var timestamps = result.Timestamps ?? [];
                var values = result.Values ?? [];
                if (timestamps.Count != values.Count)
                {
                    throw new CloudWatchException(CloudWatchFailure.BadResponse, $"CloudWatch answered {timestamps.Count} timestamps but {values.Count} values for {batch[index]}.");
                }

                for (var i = 0; i < timestamps.Count; i++)
                {
                    points[index].Add(new MetricPoint(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(timestamps[i] * 1000)), values[i]));
                }

                // PartialData on a page followed by a NextToken only means "more to come": what counts is the last word.
                partial[index] = result.StatusCode == "PartialData";
                switch (result.StatusCode)
                {
                    case "Forbidden" or "InternalError":
                        errors[batch[index]] = new CloudWatchException(
                            result.StatusCode == "Forbidden" ? CloudWatchFailure.AccessDenied : CloudWatchFailure.BadResponse,
                            $"CloudWatch answered {result.StatusCode} for {batch[index]}: {string.Join("; ", (result.Messages ?? []).Select(m => m.Value))}");
                        break;
                }
            }

            nextToken = string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken;
        }
        while (nextToken is not null);

        for (var i = 0; i < batch.Length; i++)
        {
            if (!errors.ContainsKey(batch[i]))
            {
                // Ascending was asked for, but pages may overlap in time: order and de-duplicate by timestamp.
                var ordered = points[i].DistinctBy(p => p.At).OrderBy(p => p.At).ToList();
                series[batch[i]] = new MetricSeries(ordered, partial[i]);
            }
        }
    }

    private async Task<GetMetricDataResponse> CallWithRetriesAsync(string region, GetMetricDataRequest request, CallCounter counter, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, CloudWatchJson.Default.GetMetricDataRequest);
        for (var attempt = 0; ; attempt++)
        {
            counter.Calls++;
            var started = Stopwatch.GetTimestamp();
            HttpStatusCode status;
            string text;
            string? queryError;
            string? sessionToken;
            try
            {
                (status, text, queryError, sessionToken) = await SendAsync(region, body, cancellationToken);
            }
            catch (CloudWatchException)
            {
                UpstreamMetrics.Record(UpstreamMetrics.CloudWatch, "error", Stopwatch.GetElapsedTime(started));
                throw;
            }

            if (status == HttpStatusCode.OK)
            {
                UpstreamMetrics.Record(UpstreamMetrics.CloudWatch, "ok", Stopwatch.GetElapsedTime(started));
                return Parse(text, sessionToken);
            }

            var error = Classify(status, text, queryError, sessionToken);
            UpstreamMetrics.Record(UpstreamMetrics.CloudWatch, error.Kind == CloudWatchFailure.Throttled ? "throttled" : "error", Stopwatch.GetElapsedTime(started));
            var retryable = error.Kind == CloudWatchFailure.Throttled || (int)status >= 500;
            if (!retryable || attempt >= maxRetries)
            {
                throw error;
            }

            if (error.Kind == CloudWatchFailure.Throttled)
            {
                counter.Throttled++;
            }

            // Full jitter (AWS architecture blog): sleep a random time up to the capped exponential bound.
            var bound = Math.Min(BackoffCap.TotalMilliseconds, BackoffBase.TotalMilliseconds * Math.Pow(2, attempt));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * bound), time, cancellationToken);
        }
    }

    private async Task<(HttpStatusCode Status, string Body, string? QueryError, string? SessionToken)> SendAsync(string region, byte[] body, CancellationToken cancellationToken)
    {
        var uri = endpoint ?? new Uri($"https://monitoring.{region}.amazonaws.com/");
        var awsCredentials = await credentials.GetAsync(cancellationToken);
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Post,
            RequestUri = uri,
            Content = body,
        };
        signingRequest.Headers["Content-Type"] = JsonContentType.MediaType!;
        signingRequest.Headers["X-Amz-Target"] = Target;
        AWSSigningResult signed;
        try
        {
            signed = await AWSSigV4Signer.SignAsync(signingRequest, new AWSSigV4Parameters
            {
                Credentials = awsCredentials,
                Region = RegionEndpoint.GetBySystemName(region),
                Service = "monitoring",
                SignPayload = true,
            }, cancellationToken);
        }
        catch (AmazonClientException ex)
        {
            throw new CloudWatchException(CloudWatchFailure.NoCredentials, "The AWS credentials could not be read to sign the request: " + AwsSecretRedaction.Redact(ex.Message), ex);
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = JsonContentType;
        message.Headers.TryAddWithoutValidation("X-Amz-Target", Target);
        foreach (var (name, value) in signed.Headers)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && !name.Equals("X-Amz-Target", StringComparison.OrdinalIgnoreCase) && !name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await http.SendAsync(message, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var queryError = response.Headers.TryGetValues("x-amzn-query-error", out var values) ? values.FirstOrDefault() : null;
            var sessionToken = signed.Headers.FirstOrDefault(h => h.Key.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase)).Value;
            return (response.StatusCode, text, queryError, sessionToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CloudWatchException(CloudWatchFailure.Unreachable, $"CloudWatch at {uri.Host} is unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CloudWatchException(CloudWatchFailure.Unreachable, $"CloudWatch at {uri.Host} did not answer within {http.Timeout.TotalSeconds:0} s.", ex);
        }
    }

    private static GetMetricDataResponse Parse(string text, string? sessionToken)
    {
        try
        {
            return JsonSerializer.Deserialize(text, CloudWatchJson.Default.GetMetricDataResponse)
                ?? throw new CloudWatchException(CloudWatchFailure.BadResponse, "CloudWatch answered 200 with an empty body.");
        }
        catch (JsonException ex)
        {
            throw new CloudWatchException(CloudWatchFailure.BadResponse, $"CloudWatch answered 200 with a body that is not GetMetricData JSON ({ex.Message}): {Clip(AwsSecretRedaction.Redact(text, sessionToken))}", ex);
        }
    }

    /// <summary>Maps an AWS JSON error (the <c>__type</c> field or the query-compatible <c>x-amzn-query-error</c> header) to a cause.</summary>
    internal static CloudWatchException Classify(HttpStatusCode status, string body, string? queryError, string? sessionToken = null)
    {
        WireError? wire = null;
        try
        {
            wire = JsonSerializer.Deserialize(body, CloudWatchJson.Default.WireError);
        }
        catch (JsonException)
        {
        }

        var code = queryError?.Split(';')[0] ?? wire?.Type?.Split('#')[^1] ?? "";
        var detail = AwsSecretRedaction.Redact(wire?.Message ?? wire?.UpperMessage ?? Clip(body), sessionToken);
        var said = $"CloudWatch answered {(int)status} {code}: {detail}";
        return code switch
        {
            _ when status == HttpStatusCode.TooManyRequests || code.StartsWith("Throttling", StringComparison.Ordinal) || code == "RequestLimitExceeded" =>
                new CloudWatchException(CloudWatchFailure.Throttled, said + " — throttled; lower the refresh rate or ask AWS for a higher GetMetricData quota."),
            "ExpiredToken" or "ExpiredTokenException" or "RequestExpired" =>
                new CloudWatchException(CloudWatchFailure.CredentialsExpired, "AWS credentials have expired: renew them (aws sso login, or check the pod's IRSA token). " + said),
            "InvalidClientTokenId" or "UnrecognizedClientException" or "SignatureDoesNotMatch" or "InvalidSignatureException" or "IncompleteSignature" or "IncompleteSignatureException" or "MissingAuthenticationToken" or "MissingAuthenticationTokenException" =>
                new CloudWatchException(CloudWatchFailure.CredentialsRejected, "AWS rejected the credentials: check the access key and secret (or the profile) the dashboard runs with. " + said),
            "AccessDenied" or "AccessDeniedException" =>
                new CloudWatchException(CloudWatchFailure.AccessDenied, "Not allowed to read metrics: grant cloudwatch:GetMetricData to the dashboard's role. " + said),
            _ => new CloudWatchException((int)status >= 500 ? CloudWatchFailure.Unreachable : CloudWatchFailure.BadRequest, said),
        };
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private sealed class CallCounter
    {
        public int Calls { get; set; }

        public int Throttled { get; set; }
    }
}
