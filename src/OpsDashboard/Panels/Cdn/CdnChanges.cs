using System.Globalization;
using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Cdn;

/// <summary>Timeline rows for a CDN distribution: the hit ratio dropping below its line and back, 5xx answers rising and back.</summary>
public static class CdnChanges
{
    public static IEnumerable<TimelineEvent> Between(ChangeContext context, CdnHitRatio? before, CdnHitRatio after)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(after);
        if (before is null)
        {
            // The data says nothing of when a drop began: the tile's own state row covers a first reading.
            yield break;
        }

        var obj = $"Distribution/{after.Distribution}";
        var wasLow = before.HitRatio is { } b && b < before.WarnBelow;
        var isLow = after.HitRatio is { } ratio && ratio < after.WarnBelow;
        if (isLow && !wasLow)
        {
            yield return context.Row(CdnPanel.Cdn, "ratio-drop", context.TakenAt, TimelineSeverity.Warning, null, obj, "hit ratio drop",
                string.Create(CultureInfo.InvariantCulture, $"{after.Alias}: hit ratio {after.HitRatio * 100:0.0} %, below {after.WarnBelow * 100:0} %{(before.HitRatio is { } was ? $" (was {was * 100:0.0} %)" : "")}"));
        }
        else if (wasLow && !isLow && after.HitRatio is { } back)
        {
            yield return context.Row(CdnPanel.Cdn, "ratio-back", context.TakenAt, TimelineSeverity.Info, null, obj, "hit ratio back",
                string.Create(CultureInfo.InvariantCulture, $"{after.Alias}: hit ratio back to {back * 100:0.0} %"));
        }

        var level = ErrorLevel(after.Error5xxRate);
        var wasLevel = ErrorLevel(before.Error5xxRate);
        if (level > wasLevel)
        {
            yield return context.Row(CdnPanel.Cdn, $"5xx-{level}", context.TakenAt, level == 2 ? TimelineSeverity.Critical : TimelineSeverity.Warning, null, obj, "5xx",
                string.Create(CultureInfo.InvariantCulture, $"{after.Alias}: {after.Error5xxRate * 100:0.0} % of requests answered 5xx"));
        }
        else if (level < wasLevel && level == 0)
        {
            yield return context.Row(CdnPanel.Cdn, "5xx-back", context.TakenAt, TimelineSeverity.Info, null, obj, "5xx back",
                string.Create(CultureInfo.InvariantCulture, $"{after.Alias}: 5xx answers back to {after.Error5xxRate * 100:0.00} %"));
        }
    }

    private static int ErrorLevel(double rate) => rate >= 0.05 ? 2 : rate >= 0.01 ? 1 : 0;
}
