using OpsDashboard.Panels.SiteChecks;

namespace OpsDashboard.Tests.Panels.SiteChecks;

public sealed class SiteChecksOptionsValidatorTests
{
    [Fact]
    public void Every_wrong_key_is_named_in_one_go()
    {
        var options = new SiteChecksOptions
        {
            Sites =
            [
                new() { Name = "mdn", Url = "https://developer.mozilla.org/" },
                new() { Name = "mdn", Url = "ftp://example.org/", Interval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(20), ExpectStatus = 700, ExpectText = "", Retries = 0, Objective = 99.9 },
                new() { Name = "", Group = " ", Url = "https://support.mozilla.org/", MaxRedirects = -1 },
            ],
        };

        var result = new SiteChecksOptionsValidator().Validate(null, options);

        Assert.Equal(
        [
            "Dashboard:SiteChecks:Sites:1:Name \"mdn\" is used twice in group \"sites\": every site needs a name of its own.",
            "Dashboard:SiteChecks:Sites:1:Url \"ftp://example.org/\" is not an http(s) URL, e.g. https://developer.mozilla.org/.",
            "Dashboard:SiteChecks:Sites:1:Timeout (00:00:20) must be positive and no longer than Interval (00:00:10).",
            "Dashboard:SiteChecks:Sites:1:ExpectStatus must be an HTTP status (100-599); got 700.",
            "Dashboard:SiteChecks:Sites:1:ExpectText is empty: leave it out to check no body, or give a word the page always has.",
            "Dashboard:SiteChecks:Sites:1:Retries must be between 1 and 100 (consecutive results before the state changes); got 0.",
            "Dashboard:SiteChecks:Sites:1:Objective must be a fraction between 0 and 1, e.g. 0.999 for 99.9 %; got 99.9.",
            "Dashboard:SiteChecks:Sites:2:Name is empty: name the site, e.g. developer.mozilla.org.",
            "Dashboard:SiteChecks:Sites:2:Group is empty: leave it out to use \"sites\", or name the tile, e.g. mdn.",
            "Dashboard:SiteChecks:Sites:2:MaxRedirects must be between 0 and 50; got -1.",
        ], result.Failures);
    }

    [Fact]
    public void Defaults_with_a_name_and_url_are_valid()
    {
        var result = new SiteChecksOptionsValidator().Validate(null, new SiteChecksOptions { Sites = [new() { Name = "www", Url = "https://www.mozilla.org/" }] });

        Assert.True(result.Succeeded);
    }
}
