namespace OpsDashboard.Cli;

/// <summary>What a command reads its settings from: the app's appsettings.json, the environment, then <c>--Dashboard:KEY=VALUE</c> flags.</summary>
public static class CliConfiguration
{
    public static IConfigurationRoot Load(IEnumerable<string> settings) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine([.. settings])
        .Build();
}
