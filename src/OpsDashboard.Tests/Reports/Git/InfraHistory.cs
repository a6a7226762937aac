using OpsDashboard.Reports;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports.Git;

/// <summary>A mozmeao/infra history: PRs before, inside and after the December 2017 window, merged and squashed.</summary>
public static class InfraHistory
{
    public static async Task<GitRepository> BuildAsync(CancellationToken cancellationToken)
    {
        var repo = await GitRepository.InitAsync(cancellationToken);
        await repo.CommitAsync("Earlier work (#50)", "Dave Parfitt <1111+metadave@users.noreply.github.com>", At(9, 1), cancellationToken);
        await repo.MergePullRequestAsync(100, "alice/old-fix", "Fix the old thing", "Alice <alice@example.com>", At(10, 1), cancellationToken);
        await repo.MergePullRequestAsync(657, "metadave/rds-dev", "Provision a small RDS MySQL instance for SUMO dev", "Dave Parfitt <metadave@users.noreply.github.com>", At(11, 16, 18, 30), cancellationToken);
        await repo.CommitAsync("increase threshold of failure for liveness/readiness probes (#665)", "Ryan Johnson <2222+escattone@users.noreply.github.com>", At(11, 29), cancellationToken);
        await repo.CommitAsync("Fix a typo in the README", "Dave Parfitt <metadave@users.noreply.github.com>", At(11, 30), cancellationToken);
        await repo.MergePullRequestAsync(664, "mozmeao/lb-tests", "MDN load balancer infrastructure tests", "Dave Parfitt <metadave@users.noreply.github.com>", At(11, 30, 15), cancellationToken);
        await repo.CommitAsync("Bump kubectl to 1.8.4 (#670)", "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>", At(12, 4), cancellationToken);
        await repo.CommitAsync("Later work (#700)", "Dave Parfitt <metadave@users.noreply.github.com>", At(12, 10), cancellationToken);
        return repo;
    }

    public static ReportOptions Options(string path)
    {
        var options = Builders.December2017.Options();
        options.Source = ReportSourceKind.Git;
        options.Sections = [new() { Name = "SRE general", Repos = ["mozmeao/infra"] }];
        options.Git = new GitReportOptions { Repositories = [new() { Repo = "mozmeao/infra", Path = path }] };
        return options;
    }

    private static DateTimeOffset At(int month, int day, int hour = 12, int minute = 0) => new(2017, month, day, hour, minute, 0, TimeSpan.Zero);
}
