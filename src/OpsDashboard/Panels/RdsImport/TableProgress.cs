namespace OpsDashboard.Panels.RdsImport;

public enum TableLoadState
{
    Waiting = 0,
    Loading = 1,
    Done = 2,

    /// <summary>The import stopped while this table was short of its rows.</summary>
    Incomplete = 3,
}

/// <summary>One table of an import: bytes on disk against the bytes expected. Row counts are InnoDB estimates.</summary>
public sealed record TableProgress(string Table, TableLoadState State, long Bytes, long ExpectedBytes, long RowsEstimate, long ExpectedRows);
