using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.TimeSeries.CloudWatch;
using OpsDashboard.Tests.Fakes.CloudWatch;

namespace OpsDashboard.Benchmarks.Cdn;

/// <summary>
/// 200 distributions × 6 series (CloudFront Requests, BytesDownloaded, 4xx and 5xx rates in us-east-1; the origin ALB's
/// RequestCount and ProcessedBytes in us-west-2) through the shared refresh against the fake CloudWatch: calls and wall
/// time per refresh (goal: ⌈series/500⌉ calls per region), peer-measured against one GetMetricData call per distribution.
/// </summary>
public static class CloudWatchRefreshScenario
{
    public const string Usage = "cloudwatch-refresh [--distributions 200] [--refreshes 20]";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = ScenarioArgs.Number(args, "--distributions", 200);
        var refreshes = ScenarioArgs.Number(args, "--refreshes", 20);
        await using var fake = await FakeCloudWatch.StartAsync();
        var options = new CdnOptions { Distributions = [.. Enumerable.Range(0, count).Select(Distribution)], Trend = TimeSpan.FromHours(1) };
        foreach (var spec in options.Distributions.SelectMany(d => CdnSeriesPlan.For(d, options.Period)))
        {
            var metric = spec.CloudWatch!;
            fake.Define(metric.Namespace, metric.Name, metric.Dimensions.ToDictionary(d => d.Key, d => d.Value), (_, _) => 1000);
        }

        using var http = new HttpClient();
        var client = new CloudWatchClient(http, new StaticCredentialSource(new BasicAWSCredentials(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey)), TimeProvider.System, fake.Endpoint);
        var demand = new CdnSeriesPlan.Demand(options);
        var series = demand.Metrics.Count;
        var goal = demand.Metrics.GroupBy(m => m.Region).Sum(g => (g.Count() + CloudWatchClient.MaxMetricsPerCall - 1) / CloudWatchClient.MaxMetricsPerCall);
        Console.WriteLine($"cloudwatch-refresh: {count} distributions, {series} series, {refreshes} refreshes; goal {goal} calls per refresh (⌈series/500⌉ per region)");

        // The app's way: one refresh round for every series, rounds back to back.
        var refresh = new CloudWatchRefresh(client, [demand], Options.Create(new CloudWatchOptions { Refresh = TimeSpan.FromMilliseconds(1) }), TimeProvider.System, NullLogger<CloudWatchRefresh>.Instance);
        var callsBefore = fake.Calls;
        var clock = Stopwatch.StartNew();
        await refresh.StartAsync(cancellationToken);
        var round = await refresh.NextAsync(0, cancellationToken);
        var times = new List<TimeSpan>();
        var last = clock.Elapsed;
        while (round.Number < refreshes + 1)
        {
            round = await refresh.NextAsync(round.Number, cancellationToken);
            times.Add(clock.Elapsed - last);
            last = clock.Elapsed;
        }

        await refresh.StopAsync(CancellationToken.None);
        var calls = (double)(fake.Calls - callsBefore) / round.Number;
        var errors = round.Fetch.Errors.Count;

        // The peer: one GetMetricData call per distribution, as a per-tile poller would make.
        var perDistribution = options.Distributions.Select(d => CdnSeriesPlan.For(d, options.Period).Select(s => s.CloudWatch!).ToList()).ToList();
        var peerTimes = new List<TimeSpan>();
        var peerCalls = fake.Calls;
        for (var r = 0; r < Math.Min(refreshes, 5); r++)
        {
            var end = CloudWatchRefresh.Align(TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(1));
            var peerClock = Stopwatch.StartNew();
            foreach (var metrics in perDistribution)
            {
                await client.GetMetricDataAsync(metrics, end.AddHours(-1), end, cancellationToken);
            }

            peerTimes.Add(peerClock.Elapsed);
        }

        var peerCallsPerRefresh = (double)(fake.Calls - peerCalls) / peerTimes.Count;
        var median = times.Order().ElementAt(times.Count / 2);
        var peerMedian = peerTimes.Order().ElementAt(peerTimes.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shared refresh: {calls:0.#} calls per refresh (goal {goal}), median {median.TotalMilliseconds:0} ms per refresh, {errors} series without data"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peer, one call per distribution: {peerCallsPerRefresh:0} calls per refresh, median {peerMedian.TotalMilliseconds:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls: {calls / peerCallsPerRefresh:0.000}x the peer; wall time: {median / peerMedian:0.00}x the peer; API cost at 1 refresh/min: {CloudWatchRefresh.MonthlyCost(series, TimeSpan.FromMinutes(1)):N2} $/month either way (billed per metric)"));
        return calls <= goal && errors == 0 ? 0 : 1;
    }

    private static CdnDistributionOptions Distribution(int i) => new()
    {
        Id = $"E{i:D12}",
        Alias = $"site-{i}.example.org",
        HitRatio = HitRatioMethod.OriginBytes,
        Origin = new CdnOriginOptions { LoadBalancer = $"app/site-{i}/{i:x16}", Region = "us-west-2" },
    };
}
