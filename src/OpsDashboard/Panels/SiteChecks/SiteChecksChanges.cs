using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>Timeline rows for a group of sites: a site down and recovered, its certificate nearing expiry, its error budget burning.</summary>
public static class SiteChecksChanges
{
    public static IEnumerable<TimelineEvent> Between(ChangeContext context, SiteGroupChecks? before, SiteGroupChecks after)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(after);
        var previous = before?.Sites.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var site in after.Sites)
        {
            var old = previous?.GetValueOrDefault(site.Name);
            var obj = $"Site/{site.Name}";
            // Dated by the first check of the streak that changed the state, so seeing it again after a restart writes the same row.
            if (site.State == SiteState.Down && old?.State != SiteState.Down && site.Since is { } downSince)
            {
                yield return context.Row(SiteChecksPanel.SiteCheck, $"{site.Name}/down", downSince, TimelineSeverity.Critical, null, obj, "down",
                    $"{site.Name} down: {site.Last?.Error} ({site.Retries} checks in a row)");
            }
            else if (site.State == SiteState.Up && old?.State == SiteState.Down && site.Since is { } upSince)
            {
                var episode = site.Episodes.LastOrDefault(e => e.To == upSince);
                yield return context.Row(SiteChecksPanel.SiteCheck, $"{site.Name}/recovered", upSince, TimelineSeverity.Info, null, obj, "recovered",
                    $"{site.Name} recovered{(episode is null ? "" : $" after {Durations.Format(episode.Duration(upSince))} down")}");
            }

            // A certificate already near expiry at the first reading is told by the tile's own first state row.
            if (site.CertificateWarning && old is { CertificateWarning: false } && site.Last?.CertificateExpiry is { } expiry)
            {
                yield return context.Row(SiteChecksPanel.SiteCheck, $"{site.Name}/certificate", context.Within(expiry - TimeSpan.FromDays(SiteCheck.CertificateWarningDays)), TimelineSeverity.Warning, null, obj, "certificate",
                    $"{site.Name} TLS certificate {SiteGroupChecks.CertificateText(site)}");
            }

            if (old is not null && site.Burn != old.Burn)
            {
                yield return site.Burn switch
                {
                    BurnState.Fast => context.Row(SiteChecksPanel.SiteCheck, $"{site.Name}/burn-fast", context.TakenAt, TimelineSeverity.Critical, null, obj, "fast burn", $"{site.Name} error budget {site.Availability.BurnText}"),
                    BurnState.Slow => context.Row(SiteChecksPanel.SiteCheck, $"{site.Name}/burn-slow", context.TakenAt, TimelineSeverity.Warning, null, obj, "slow burn", $"{site.Name} error budget {site.Availability.BurnText}"),
                    _ => context.Row(SiteChecksPanel.SiteCheck, $"{site.Name}/burn-none", context.TakenAt, TimelineSeverity.Info, null, obj, "burn rate normal", $"{site.Name} error budget burn back under {SiteAvailability.SlowBurn}×"),
                };
            }
        }
    }
}
