namespace OpsDashboard.Panels.Freshness;

/// <summary>
/// Where the fields are on a health page. The defaults read bedrock's /healthz-cron/ HTML (row labels in its "Other Site
/// Data" table); for JSON pages, the same names are property names.
/// </summary>
public sealed class FreshnessFieldMapping
{
    public string CodeSha { get; set; } = "Bedrock Git SHA";

    public string DbSha { get; set; } = "DB Git SHA";

    public string DbChecksum { get; set; } = "DB File Checksum";

    public string DbUpdated { get; set; } = "DB Last Updated";

    public string DbFile { get; set; } = "DB File";

    /// <summary>The task whose age is the age of the local database.</summary>
    public string DbTask { get; set; } = "download_database";

    /// <summary>For JSON pages: the property holding the task list (objects with name, max_seconds, seconds_since).</summary>
    public string JsonTasks { get; set; } = "tasks";
}
