namespace OpsDashboard.Panels.Freshness;

/// <summary>
/// The published copy pods download (bedrock's DB metadata JSON next to the file in S3): its checksum and when it was
/// made, plus when we first saw this version, so a publisher that has stopped is told apart from pods that fail to
/// download.
/// </summary>
public sealed record PublishedDb(string Checksum, string? GitSha, DateTimeOffset? UpdatedAt, DateTimeOffset FirstSeen);
