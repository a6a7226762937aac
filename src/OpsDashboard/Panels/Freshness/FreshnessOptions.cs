namespace OpsDashboard.Panels.Freshness;

/// <summary>Configuration section <c>Dashboard:Freshness</c>: the apps whose pods keep a local database fresh.</summary>
public sealed class FreshnessOptions
{
    public const string Section = "Dashboard:Freshness";

    public List<FreshnessAppOptions> Apps { get; set; } = [];
}

/// <summary>One app: how to find its pods (Kubernetes labels, or fixed URLs), how to ask them, and what counts as fresh.</summary>
public sealed class FreshnessAppOptions
{
    public string Name { get; set; } = "";

    /// <summary>Clusters to look in (names from Dashboard:Kubernetes); empty means all of them.</summary>
    public List<string> Clusters { get; set; } = [];

    public string? Namespace { get; set; }

    /// <summary>Kubernetes label selector, e.g. "app=bedrock-web" or "app in (bedrock-web),tier!=canary".</summary>
    public string? LabelSelector { get; set; }

    public int Port { get; set; } = 8000;

    public string Path { get; set; } = "/healthz-cron/";

    /// <summary>Health pages outside Kubernetes, checked as they are (target "static").</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>How often the DB is refreshed: a pod is late once past this plus <see cref="Grace"/>.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Past this the DB is stale (bedrock's page answers 500 at 600 s).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-request timeout: a hung pod never holds up the others longer than this.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests in flight at once. A round takes about one timeout as long as fewer pods than this hang.</summary>
    public int Concurrency { get; set; } = 100;

    /// <summary>The published metadata JSON (bedrock: the DB info file next to the DB in S3).</summary>
    public string? MetadataUrl { get; set; }

    /// <summary>How often the single updater publishes a new DB; twice this without a change flags the publisher.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMinutes(5);

    public FreshnessFieldMapping Fields { get; set; } = new();

    /// <summary>Property names in the metadata JSON.</summary>
    public PublishedFieldMapping Published { get; set; } = new();
}

/// <summary>Where the checksum, git SHA and time are in the published metadata JSON.</summary>
public sealed class PublishedFieldMapping
{
    public string Checksum { get; set; } = "checksum";

    public string GitSha { get; set; } = "git_sha";

    public string Updated { get; set; } = "updated";
}
