namespace OpsDashboard.Tests.TestSupport;

/// <summary>Where the repository and the app's build output are, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built app, in the same configuration (Debug/Release) as these tests.</summary>
    public static string AppDll
    {
        get
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var dll = Path.Combine(Root, "src", "OpsDashboard", "bin", configuration, "net10.0", "OpsDashboard.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"The app is not built at {dll}; build the solution first.", dll);
        }
    }

    public static string AppProjectDirectory => Path.Combine(Root, "src", "OpsDashboard");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpsDashboard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No OpsDashboard.sln above {AppContext.BaseDirectory}.");
    }
}
