using OpsDashboard.Tests.EndToEnd;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Configuration;

/// <summary>A wrong setting stops the real app at start with a message that names the key and the fix.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task Invalid_values_stop_the_app_with_every_problem_listed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (exitCode, output) = await DashboardProcess.RunToExitAsync(
            ["--urls", $"http://127.0.0.1:{DashboardProcess.FreePort()}", "--Dashboard:History:Retention=-1.00:00:00", "--Dashboard:Demo:ImportSpeed=0", "--Dashboard:Notifications:RepeatInterval=00:00:05"],
            timeout.Token);

        Assert.Equal(2, exitCode);
        Assert.Contains("OpsDashboard cannot start: the configuration has errors.", output, StringComparison.Ordinal);
        Assert.Contains("Dashboard:History:Retention must be a positive duration", output, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Demo:ImportSpeed must be between 1 and 100000", output, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Notifications:RepeatInterval must be a duration", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_key()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (exitCode, output) = await DashboardProcess.RunToExitAsync(
            ["--urls", $"http://127.0.0.1:{DashboardProcess.FreePort()}", "--Dashboard:Demo:Mode=Sometimes"],
            timeout.Token);

        Assert.Equal(2, exitCode);
        Assert.Contains("Dashboard:Demo:Mode", output, StringComparison.Ordinal);
        Assert.Contains("Sometimes", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scale_out_without_a_database_stops_the_app_with_the_key_listed_beside_the_other_problems()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (exitCode, output) = await DashboardProcess.RunToExitAsync(
            ["--urls", $"http://127.0.0.1:{DashboardProcess.FreePort()}", "--Dashboard:ScaleOut:Enabled=true", "--Dashboard:ScaleOut:Lease:RetryPeriod=00:01:00", "--Dashboard:Demo:ImportSpeed=0"],
            timeout.Token);

        Assert.Equal(2, exitCode);
        Assert.Contains("Dashboard:ScaleOut:ConnectionString is empty", output, StringComparison.Ordinal);
        Assert.Contains("Dashboard:ScaleOut:Lease: need 0 < RetryPeriod < RenewDeadline < LeaseDuration", output, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Demo:ImportSpeed must be between 1 and 100000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_problem_is_printed_once_even_when_another_sections_check_reads_the_broken_section()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var dir = new TempDirectory();
        var missing = dir.File("missing.kubeconfig");

        // The freshness check reads the Kubernetes clusters; it used to repeat the Kubernetes errors after their own.
        var (exitCode, output) = await DashboardProcess.RunToExitAsync(
            [
                "--urls", $"http://127.0.0.1:{DashboardProcess.FreePort()}",
                "--Dashboard:Kubernetes:Clusters:0:Context=tokyo", $"--Dashboard:Kubernetes:Clusters:0:Kubeconfig={missing}", "--Dashboard:Kubernetes:PageSize=0",
                "--Dashboard:Freshness:Apps:0:Name=bedrock", "--Dashboard:Freshness:Apps:0:Urls:0=not-a-url",
            ],
            timeout.Token);

        Assert.Equal(2, exitCode);
        var problems = output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, problems.Count);
        Assert.Single(problems, p => p == $"- Dashboard:Kubernetes:Clusters:0:Kubeconfig: the file {missing} does not exist. Set Dashboard:Kubernetes:Clusters:0:Kubeconfig (or KUBECONFIG) to your kubeconfig.");
        Assert.Single(problems, p => p.StartsWith("- Dashboard:Kubernetes:PageSize must be between 1 and 10000", StringComparison.Ordinal));
        Assert.Single(problems, p => p == "- Dashboard:Freshness:Apps:0:Urls: \"not-a-url\" is not an http(s) URL.");
        Assert.Single(output.Split('\n'), l => l.Contains("OpsDashboard cannot start", StringComparison.Ordinal));
    }
}
