using OpsDashboard.Reports;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Reports;

public sealed class ReportOptionsValidatorTests
{
    [Fact]
    public void The_defaults_and_the_teams_configuration_are_valid()
    {
        Assert.True(new ReportOptionsValidator().Validate(null, new ReportOptions()).Succeeded);
        Assert.True(new ReportOptionsValidator().Validate(null, December2017.Options()).Succeeded);
    }

    [Fact]
    public void Every_bad_setting_is_reported_with_its_key()
    {
        var options = December2017.Options();
        options.Team = "";
        options.Sections.Add(new ReportSectionOptions { Name = "", Repos = ["mozilla"] });
        options.Sections.Add(new ReportSectionOptions { Name = "Empty" });
        options.Links.Add(new ReportLinkOptions { Title = "x", Url = "not a url" });
        options.DashboardUrl = "ops.example.com";
        options.IncidentMinimum = TimeSpan.FromMinutes(-5);
        options.FileName = "posts/{0:yyyy-MM-dd}.md";
        options.TemplatePath = "/no/such/template.liquid";
        options.GitHub = new GitHubReportOptions { BaseUrl = "api.github.com", MaxQueryLength = 10, PageSize = 0, MaxRateLimitWait = TimeSpan.FromSeconds(-1), CachePath = "" };

        var failures = new ReportOptionsValidator().Validate(null, options).Failures!.ToList();

        string[] expected =
            [
                "Dashboard:Reports:Team is empty",
                "Dashboard:Reports:Sections:4:Name is empty",
                "Dashboard:Reports:Sections:4:Repos: \"mozilla\" is not owner/name",
                "Dashboard:Reports:Sections:5: give Repos",
                "Dashboard:Reports:Links:2 needs a Title and an http(s) Url",
                "Dashboard:Reports:DashboardUrl must be the dashboard's http(s) address",
                "Dashboard:Reports:IncidentMinimum must be zero or more",
                "Dashboard:Reports:FileName must give a file name without a folder",
                "Dashboard:Reports:TemplatePath: the template /no/such/template.liquid cannot be read",
                "Dashboard:Reports:GitHub:BaseUrl must be an http(s) URL",
                "Dashboard:Reports:GitHub:MaxQueryLength must be between 100 and 1024",
                "Dashboard:Reports:GitHub:PageSize must be between 1 and 100",
                "Dashboard:Reports:GitHub:MaxRateLimitWait must be zero",
                "Dashboard:Reports:GitHub:CachePath is empty",
            ];
        Assert.Equal(expected.Length, failures.Count);
        Assert.All(expected.Zip(failures), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
    }

    [Fact]
    public void A_git_report_needs_a_clone_of_every_repo_a_section_lists()
    {
        var options = December2017.Options();
        options.Source = ReportSourceKind.Git;
        options.Git.Repositories = [new GitRepositoryOptions { Repo = "mozmeao/infra", Path = "/srv/infra.git", WebUrl = "github.com/mozmeao/infra" }];
        options.Git.Logins = new() { ["Daniel D. Beck"] = "ddbeck", ["daniel@example.com"] = "Daniel D. Beck", ["ok@example.com"] = "ddbeck" };

        var failures = new ReportOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("Dashboard:Reports:Git:Logins: \"Daniel D. Beck\" = \"ddbeck\" must map a commit e-mail address to a GitHub login, e.g. \"daniel@example.com\": \"ddbeck\".", failures);
        Assert.Contains("Dashboard:Reports:Git:Logins: \"daniel@example.com\" = \"Daniel D. Beck\" must map a commit e-mail address to a GitHub login, e.g. \"daniel@example.com\": \"ddbeck\".", failures);
        Assert.DoesNotContain(failures, f => f.Contains("ok@example.com", StringComparison.Ordinal));
        Assert.Contains("Dashboard:Reports:Git:Repositories:0:WebUrl must be an https URL (the post links nothing else) such as https://github.com/mozmeao/infra; got \"github.com/mozmeao/infra\".", failures);
        Assert.Contains(failures, f => f.StartsWith("Dashboard:Reports:Git:Repositories: no clone is configured for \"mozilla/kitsune\"", StringComparison.Ordinal));
        Assert.Equal(6, failures.Count);
    }
}
