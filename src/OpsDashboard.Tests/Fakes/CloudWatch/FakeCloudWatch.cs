using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpsDashboard.Tests.Fakes.CloudWatch;

/// <summary>
/// A CloudWatch GetMetricData endpoint on 127.0.0.1 speaking the AWS JSON 1.0 protocol. Every request must carry a valid
/// SigV4 signature for service <c>monitoring</c> from a known key; data comes from generators the test defines; faults
/// (throttling, expired tokens, partial data, small pages) can be switched on while it runs.
/// </summary>
public sealed partial class FakeCloudWatch : IAsyncDisposable
{
    public const string AccessKey = "AKIDFAKECLOUDWATCH";
    public const string SecretKey = "fake/secret/key/for/the/loopback/cloudwatch";
    public const string ExpiredSessionToken = "expired-session-token";
    private const string Target = "GraniteServiceVersion20100801.GetMetricData";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<DateTimeOffset, TimeSpan, double?>> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrustedKey> _keys = new(StringComparer.Ordinal) { [AccessKey] = new TrustedKey(SecretKey, null, null) };
    private int _throttleNext;
    private long _calls;
    private long _metricsRequested;
    private long _rejected;
    private long _throttled;

    private FakeCloudWatch(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Datapoints per response page before a NextToken is given (CloudWatch's own limit is 100,800).</summary>
    public int MaxDatapointsPerPage { get; set; } = 100_800;

    /// <summary>Metric names whose data is cut in half and reported as PartialData with no NextToken.</summary>
    public ConcurrentDictionary<string, bool> PartialMetrics { get; } = new(StringComparer.Ordinal);

    public long Calls => Interlocked.Read(ref _calls);

    public long MetricsRequested => Interlocked.Read(ref _metricsRequested);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>The reason for the last refused request, for test messages.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>The access key and session token (if any) of the last request whose signature and key were accepted.</summary>
    public (string AccessKey, string? SessionToken)? LastSignedBy { get; private set; }

    /// <summary>The clock temporary keys expire on (AWS's own: the real one).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public static async Task<FakeCloudWatch> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeCloudWatch(app);
        app.Run(fake.AnswerAsync);
        await app.StartAsync();
        fake.Endpoint = new Uri(app.Urls.First() + "/");
        return fake;
    }

    /// <summary>
    /// Defines a metric: <paramref name="valueFor"/> gets a period's start and length and returns its statistic, or null
    /// for "no datapoint" (as when nothing was recorded).
    /// </summary>
    public void Define(string metricNamespace, string name, IReadOnlyDictionary<string, string> dimensions, Func<DateTimeOffset, TimeSpan, double?> valueFor) =>
        _series[Key(metricNamespace, name, dimensions)] = valueFor;

    /// <summary>
    /// Accepts requests signed with <paramref name="accessKey"/> (as IAM knows a key STS issued): with a session token,
    /// only together with that token, and answered 400 ExpiredToken once <paramref name="expires"/> has passed.
    /// </summary>
    public void Trust(string accessKey, string secretKey, string? sessionToken = null, DateTimeOffset? expires = null) =>
        _keys[accessKey] = new TrustedKey(secretKey, sessionToken, expires);

    /// <summary>The next <paramref name="count"/> requests are answered 400 Throttling.</summary>
    public void ThrottleNext(int count) => Interlocked.Exchange(ref _throttleNext, count);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private static string Key(string metricNamespace, string name, IEnumerable<KeyValuePair<string, string>> dimensions) =>
        $"{metricNamespace} {name}{{{string.Join(',', dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"))}}}";

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();

        if (Refusal(context.Request, body) is { } refusal)
        {
            Interlocked.Increment(ref _rejected);
            LastRefusal = refusal.Message;
            await ErrorAsync(context, refusal.Status, refusal.Type, refusal.QueryCode, refusal.Message);
            return;
        }

        if (Interlocked.Decrement(ref _throttleNext) >= 0)
        {
            Interlocked.Increment(ref _throttled);
            await ErrorAsync(context, 400, "com.amazonaws.cloudwatch#Throttling", "Throttling", "Rate exceeded");
            return;
        }

        Interlocked.Exchange(ref _throttleNext, 0);
        JsonNode request;
        try
        {
            request = JsonNode.Parse(body) ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            await ErrorAsync(context, 400, "com.amazon.coral.service#SerializationException", "SerializationException", ex.Message);
            return;
        }

        if (Invalid(request) is { } invalid)
        {
            await ErrorAsync(context, 400, "com.amazonaws.cloudwatch#InvalidParameterValueException", "InvalidParameterValue", invalid);
            return;
        }

        context.Response.ContentType = "application/x-amz-json-1.0";
        await context.Response.WriteAsync(Answer(request).ToJsonString(), context.RequestAborted);
    }

    private static string? Invalid(JsonNode request)
    {
        var queries = request["MetricDataQueries"]?.AsArray();
        if (queries is null || queries.Count == 0)
        {
            return "MetricDataQueries is required.";
        }

        if (queries.Count > 500)
        {
            return $"The collection MetricDataQueries must not have a size greater than 500; it has {queries.Count}.";
        }

        return request["StartTime"] is null || request["EndTime"] is null ? "StartTime and EndTime are required." : null;
    }

    private JsonObject Answer(JsonNode request)
    {
        var start = DateTimeOffset.FromUnixTimeSeconds((long)request["StartTime"]!.GetValue<double>());
        var end = DateTimeOffset.FromUnixTimeSeconds((long)request["EndTime"]!.GetValue<double>());
        start = start.AddSeconds(-(start.ToUnixTimeSeconds() % 60));
        var offset = request["NextToken"] is { } token ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token.GetValue<string>())), CultureInfo.InvariantCulture) : 0;
        var queries = request["MetricDataQueries"]!.AsArray();
        Interlocked.Add(ref _metricsRequested, offset == 0 ? queries.Count : 0);

        // All datapoints of all queries in order, then the page [offset, offset + page size).
        var all = new List<(string Id, long Time, double Value)>();
        var partial = new HashSet<string>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            var id = query!["Id"]!.GetValue<string>();
            var stat = query["MetricStat"]!;
            var metric = stat["Metric"]!;
            var dimensions = (metric["Dimensions"]?.AsArray() ?? []).ToDictionary(d => d!["Name"]!.GetValue<string>(), d => d!["Value"]!.GetValue<string>(), StringComparer.Ordinal);
            var name = metric["MetricName"]!.GetValue<string>();
            var period = TimeSpan.FromSeconds(stat["Period"]!.GetValue<int>());
            if (!_series.TryGetValue(Key(metric["Namespace"]!.GetValue<string>(), name, dimensions), out var valueFor))
            {
                continue;
            }

            var points = new List<(string, long, double)>();
            for (var t = start; t < end; t += period)
            {
                if (valueFor(t, period) is { } value)
                {
                    points.Add((id, t.ToUnixTimeSeconds(), value));
                }
            }

            if (PartialMetrics.ContainsKey(name))
            {
                partial.Add(id);
                points = points[..(points.Count / 2)];
            }

            all.AddRange(points);
        }

        var page = all.Skip(offset).Take(MaxDatapointsPerPage).ToList();
        var more = offset + page.Count < all.Count;
        var lastId = page.Count > 0 ? page[^1].Id : null;
        var results = new JsonArray();
        foreach (var query in queries)
        {
            var id = query!["Id"]!.GetValue<string>();
            var mine = page.Where(p => p.Id == id).ToList();
            if (offset > 0 && mine.Count == 0)
            {
                continue;
            }

            var cut = (more && (id == lastId || all.Skip(offset + page.Count).Any(p => p.Id == id))) || partial.Contains(id);
            results.Add(new JsonObject
            {
                ["Id"] = id,
                ["Label"] = id,
                ["Timestamps"] = new JsonArray([.. mine.Select(p => (JsonNode)JsonValue.Create((double)p.Time))]),
                ["Values"] = new JsonArray([.. mine.Select(p => (JsonNode)JsonValue.Create(p.Value))]),
                ["StatusCode"] = cut ? "PartialData" : "Complete",
            });
        }

        var answer = new JsonObject { ["MetricDataResults"] = results, ["Messages"] = new JsonArray() };
        if (more)
        {
            answer["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + page.Count).ToString(CultureInfo.InvariantCulture)));
        }

        return answer;
    }

    private static async Task ErrorAsync(HttpContext context, int status, string type, string queryCode, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.0";
        context.Response.Headers["x-amzn-query-error"] = $"{queryCode};Sender";
        await context.Response.WriteAsync(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), context.RequestAborted);
    }

    private sealed record TrustedKey(string Secret, string? SessionToken, DateTimeOffset? Expires);
}
