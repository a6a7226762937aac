using OpsDashboard.Panels.Freshness;
using OpsDashboard.Tests.Fakes.Freshness;

namespace OpsDashboard.Tests.Panels.Freshness;

public sealed class HealthPageParserTests
{
    private static readonly FreshnessFieldMapping Bedrock = new();

    [Fact]
    public void Reads_bedrocks_page_tasks_shas_checksum_and_update_time()
    {
        var updated = new DateTimeOffset(2026, 11, 22, 11, 55, 0, TimeSpan.Zero);
        var html = FakeHealthPage.Bedrock(dbAgeSeconds: 290, l10nAgeSeconds: 75, codeSha: "4f1c9a2e7b5d4c3a2b1f0e9d8c7b6a5f4e3d2c1b", dbSha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", checksum: "5bd0f4e8c3a1", updated: updated).Body!;

        var page = HealthPageParser.Parse(html, "text/html", Bedrock);

        Assert.Equal([new CronTask("download_database", TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(600)), new CronTask("update_locales", TimeSpan.FromSeconds(75), TimeSpan.FromSeconds(600))], page.Tasks);
        Assert.Equal("4f1c9a2e7b5d4c3a2b1f0e9d8c7b6a5f4e3d2c1b", page.CodeSha);
        Assert.Equal("0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", page.DbSha);
        Assert.Equal("5bd0f4e8c3a1", page.DbChecksum);
        Assert.Equal(updated, page.DbUpdated);
        Assert.Equal("bedrock-0a1b2c3d4e.db", page.DbFile);
    }

    [Fact]
    public void A_task_that_never_ran_and_a_marked_late_task_are_read()
    {
        var html = FakeHealthPage.Bedrock(dbAgeSeconds: 900).Body!.Replace(">60<", ">None<", StringComparison.Ordinal);

        var page = HealthPageParser.Parse(html, "text/html", Bedrock);

        Assert.Equal("download_database", page.Tasks[0].Name);
        Assert.True(page.Tasks[0].Late);
        Assert.Null(page.Tasks[1].SinceLastRun);
    }

    [Fact]
    public void A_json_page_with_the_same_fields_is_read()
    {
        const string json = """{"tasks":[{"name":"download_database","max_seconds":600,"seconds_since":42}],"Bedrock Git SHA":"abc1234def","DB File Checksum":"ff00"}""";

        var page = HealthPageParser.Parse(json, "application/json", Bedrock);

        Assert.Equal(TimeSpan.FromSeconds(42), page.Tasks.Single().SinceLastRun);
        Assert.Equal("abc1234def", page.CodeSha);
        Assert.Equal("ff00", page.DbChecksum);
    }

    [Theory]
    [InlineData("<html><body>Service Unavailable</body></html>", "text/html", "no task rows")]
    [InlineData("<table><tr><td>download_database</td><td>600</td><td>soon</td></tr></table>", "text/html", "is not a number of seconds")]
    [InlineData("{\"status\":\"ok\"}", "application/json", "no \"tasks\" array")]
    [InlineData("{not json", "application/json", "invalid JSON")]
    public void Pages_it_cannot_read_are_errors_with_a_reason(string body, string contentType, string reason)
    {
        var error = Assert.Throws<FormatException>(() => HealthPageParser.Parse(body, contentType, Bedrock));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
