namespace OpsDashboard.Demo;

public enum DemoMode
{
    /// <summary>Demo sources run when no real source is configured.</summary>
    Auto,

    /// <summary>Demo sources always run (alongside real ones, labelled).</summary>
    Always,

    /// <summary>Never run demo sources.</summary>
    Off,
}

/// <summary>Configuration section <c>Dashboard:Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Dashboard:Demo";

    public DemoMode Mode { get; set; } = DemoMode.Auto;

    /// <summary>How much faster than real time the simulated RDS import runs (60: a 30-hour import in 30 minutes).</summary>
    public double ImportSpeed { get; set; } = 60;

    /// <summary>
    /// How far into its script the demo starts (e.g. 00:12:30 opens on oregon-b's kumascript crash loop). The hours
    /// before are played at start into the history, so graphs and the timeline have the demo's story at once.
    /// </summary>
    public TimeSpan StartAt { get; set; } = TimeSpan.Zero;
}
