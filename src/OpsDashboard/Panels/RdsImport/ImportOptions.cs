namespace OpsDashboard.Panels.RdsImport;

/// <summary>Configuration section <c>Dashboard:RdsImport</c>: the imports to watch.</summary>
public sealed class ImportOptions
{
    public const string Section = "Dashboard:RdsImport";

    public List<ImportWatchOptions> Imports { get; set; } = [];
}

/// <summary>One import: the target to watch and what it should end up with (a manifest file or a source database).</summary>
public sealed class ImportWatchOptions
{
    public string Name { get; set; } = "";

    /// <summary>MySqlConnector connection string to the target (RDS or any MySQL/MariaDB); a read-only user is enough.</summary>
    public string ConnectionString { get; set; } = "";

    public string Schema { get; set; } = "";

    public string? ManifestPath { get; set; }

    public string? SourceConnectionString { get; set; }

    /// <summary>The source schema, when it differs from <see cref="Schema"/>.</summary>
    public string? SourceSchema { get; set; }

    /// <summary>Shown on the tile, e.g. db.t2.small.</summary>
    public string? InstanceClass { get; set; }

    /// <summary>The RDS instance (DBInstanceIdentifier): its WriteIOPS, FreeStorageSpace and CPU credits come from CloudWatch.</summary>
    public string? DbInstanceIdentifier { get; set; }

    /// <summary>The instance's AWS region, for its CloudWatch metrics.</summary>
    public string Region { get; set; } = "us-west-2";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Throughput is measured over this sliding window.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(5);
}
