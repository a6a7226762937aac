using OpsDashboard.History;

namespace OpsDashboard.Cli;

/// <summary>What a command reads its settings from: the app's appsettings.json, the environment, then <c>--Dashboard:KEY=VALUE</c> flags.</summary>
public static class CliConfiguration
{
    public static IConfigurationRoot Load(IEnumerable<string> settings) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine([.. settings])
        .Build();

    /// <summary>The history database the app uses: the SQLite file at Dashboard:History:Path, or PostgreSQL when Dashboard:ScaleOut is on.</summary>
    public static HistoryLocation History(IConfiguration configuration) =>
        string.Equals(configuration["Dashboard:ScaleOut:Enabled"], "true", StringComparison.OrdinalIgnoreCase)
            ? new PostgresHistoryLocation(Npgsql.NpgsqlDataSource.Create(configuration["Dashboard:ScaleOut:ConnectionString"] ?? ""))
            : new SqliteHistoryLocation(configuration["Dashboard:History:Path"] ?? new HistoryOptions().Path);
}
