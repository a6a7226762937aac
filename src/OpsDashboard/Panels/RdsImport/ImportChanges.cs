using System.Globalization;
using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>Timeline rows for an import: each table loaded, every quarter done, a stall and its end, finished, started over.</summary>
public static class ImportChanges
{
    private static readonly int[] Milestones = [25, 50, 75];

    public static IEnumerable<TimelineEvent> Between(ChangeContext context, ImportProgress? before, ImportProgress after)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(after);
        var obj = $"Import/{after.Import}";
        if (before is not null && after.Percent + 1 < before.Percent)
        {
            yield return context.Row(RdsImportPanel.Import, "restart", context.TakenAt, TimelineSeverity.Info, null, obj, "started",
                string.Create(CultureInfo.InvariantCulture, $"{after.Import} started (again) into {after.Instance} ({after.InstanceClass}): {Bytes.Format(after.BytesExpected)} in {after.Tables.Count} tables"));
            yield break;
        }

        if (before is not null)
        {
            var done = before.Tables.Where(t => t.State == TableLoadState.Done).Select(t => t.Table).ToHashSet(StringComparer.Ordinal);
            foreach (var table in after.Tables.Where(t => t.State == TableLoadState.Done && !done.Contains(t.Table)))
            {
                yield return context.Row(RdsImportPanel.Import, $"table/{table.Table}", context.TakenAt, TimelineSeverity.Info, null, $"Table/{table.Table}", "table loaded",
                    string.Create(CultureInfo.InvariantCulture, $"{table.Table} loaded: {Bytes.Format(table.ExpectedBytes)}, {table.ExpectedRows:N0} rows ({after.TablesDone} of {after.Tables.Count} tables)"));
            }

            foreach (var milestone in Milestones.Where(m => before.Percent < m && after.Percent >= m))
            {
                var eta = after.Eta is { } e ? $", ETA {Durations.Format(e)}" : "";
                yield return context.Row(RdsImportPanel.Import, $"milestone/{milestone}", context.TakenAt, TimelineSeverity.Info, null, obj, $"{milestone} % loaded",
                    string.Create(CultureInfo.InvariantCulture, $"{after.Import}: {milestone} % loaded ({Bytes.Format(after.BytesLoaded)} of {Bytes.Format(after.BytesExpected)}){eta}"));
            }

            if (after.Finished && !before.Finished)
            {
                yield return context.Row(RdsImportPanel.Import, "finished", context.TakenAt, TimelineSeverity.Info, null, obj, "finished", $"{after.Import} finished: {Bytes.Format(after.BytesExpected)} in {after.Tables.Count} tables");
            }
        }

        if (after.Stopped && before?.Stopped != true)
        {
            yield return context.Row(RdsImportPanel.Import, "stopped", after.StoppedSince!.Value, TimelineSeverity.Critical, null, obj, "stopped", $"{after.Import}: {after.StoppedText}");
        }

        if (after.Stalled && before?.Stalled != true)
        {
            var since = context.TakenAt - after.NoProgressFor!.Value;
            var running = after.CurrentStatement is { } statement ? $"; running: {statement}" : "";
            yield return context.Row(RdsImportPanel.Import, "stall", since, TimelineSeverity.Warning, null, obj, "stalled",
                $"{after.Import}: no progress{(after.CurrentTable is { } table ? $" in {table}" : "")} since {Durations.ClockTime(since, context.TakenAt)} ({Durations.Format(after.NoProgressFor.Value)}){running}");
        }
        else if (!after.Stalled && before?.Stalled == true)
        {
            var stalled = before.NoProgressFor is { } idle ? $" after {Durations.Format(idle + (context.TakenAt - (context.PreviousTakenAt ?? context.TakenAt)))} without progress" : "";
            yield return context.Row(RdsImportPanel.Import, "resumed", context.TakenAt, TimelineSeverity.Info, null, obj, "resumed", $"{after.Import}: progress resumed{stalled}");
        }

        if (after.StorageShort && before?.StorageShort != true)
        {
            yield return context.Row(RdsImportPanel.Import, "storage", context.TakenAt, TimelineSeverity.Warning, null, obj, "storage short", after.Why ?? "free storage is less than what is left to load");
        }
    }
}
