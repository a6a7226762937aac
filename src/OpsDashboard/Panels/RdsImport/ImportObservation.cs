namespace OpsDashboard.Panels.RdsImport;

/// <summary>One table as information_schema.tables shows it: bytes (data + index) and InnoDB's row estimate.</summary>
public sealed record TableObservation(string Name, long Bytes, long RowsEstimate)
{
    /// <summary>information_schema's CREATE_TIME, in the server's clock: only compared with the other tables'.</summary>
    public DateTime? CreatedAt { get; init; }
}

/// <summary>A statement running in the import's schema, from information_schema.processlist.</summary>
public sealed record RunningStatement(long Id, string User, TimeSpan Running, string? State, string Text)
{
    /// <summary>The table an INSERT / LOAD DATA / ALTER / CREATE INDEX works on, if the text names one.</summary>
    public string? Table => ImportStatements.TableOf(Text);
}

/// <summary>What one cheap poll of the target database saw.</summary>
public sealed record ImportObservation(DateTimeOffset At, IReadOnlyList<TableObservation> Tables, IReadOnlyList<RunningStatement> Running)
{
    /// <summary>Connections in the schema that run nothing right now: an import client between statements, or paused.</summary>
    public int IdleConnections { get; init; }

    /// <summary>Exact row counts (SELECT COUNT(*)) of the tables the tracker asked for, when the import was quiet.</summary>
    public IReadOnlyDictionary<string, long> CountedRows { get; init; } = new Dictionary<string, long>();
}
