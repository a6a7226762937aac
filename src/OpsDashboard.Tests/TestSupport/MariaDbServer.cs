using System.Diagnostics;
using MySqlConnector;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>
/// A real MariaDB server (Debian's mariadb-server, installed by test.sh) with its own data directory, on a loopback
/// port, started and stopped by the test. Can be stopped and started again on the same port and data.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private Process? _process;

    private MariaDbServer(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_dir.Path, "data");

    public string Socket => Path.Combine(_dir.Path, "mysqld.sock");

    public string RootConnectionString(string? database = null) => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)Port,
        UserID = "root",
        Database = database ?? "",
        Pooling = false,
        DefaultCommandTimeout = 600,
    }.ConnectionString;

    public string ConnectionString(string user, string password, string? database = null) => new MySqlConnectionStringBuilder(RootConnectionString(database)) { UserID = user, Password = password }.ConnectionString;

    public static async Task<MariaDbServer> StartAsync(CancellationToken cancellationToken)
    {
        foreach (var tool in new[] { "/usr/bin/mariadb-install-db", "/usr/sbin/mariadbd", "/usr/bin/mariadb", "/usr/bin/mariadb-dump" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException($"{tool} is missing: the import tests need Debian's mariadb-server and mariadb-client. Run ./test.sh, which installs them.");
            }
        }

        var server = new MariaDbServer(DashboardProcess.FreePort());
        var install = await RunAsync("/usr/bin/mariadb-install-db", ["--no-defaults", $"--datadir={server.DataDirectory}", "--auth-root-authentication-method=normal", "--skip-test-db", .. RootUser()], cancellationToken);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"mariadb-install-db failed ({install.ExitCode}): {install.Output}");
        }

        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts mariadbd on the same port and data directory, e.g. after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("/usr/sbin/mariadbd") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["--no-defaults", $"--datadir={DataDirectory}", $"--port={Port}", "--bind-address=127.0.0.1", $"--socket={Socket}",
                     $"--pid-file={Path.Combine(_dir.Path, "mysqld.pid")}", "--skip-name-resolve", "--innodb-buffer-pool-size=256M", "--innodb-log-file-size=256M",
                     "--innodb-flush-log-at-trx-commit=2", "--max-allowed-packet=64M", .. RootUser()])
        {
            info.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data.Contains("ready for connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"mariadbd exited before it was ready:\n{log}"));
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Kills the server at once, as a crash or a network cut would look to a client.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async Task ExecuteAsync(string sql, string? database = null, CancellationToken cancellationToken = default)
    {
        await using var connection = new MySqlConnection(RootConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs the real mariadb (mysql) client with a SQL file on its standard input, as an operator would.</summary>
    public Process StartClientImport(string sqlFile, string database)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec /usr/bin/mariadb --no-defaults -h 127.0.0.1 -P {Port} -u root {database} < '{sqlFile}'");
        return Process.Start(info)!;
    }

    /// <summary>Runs the real mariadb client reading SQL from its standard input, which the test writes, as a pipe from a slow source would.</summary>
    public Process StartClientOnStdin(string database)
    {
        var info = new ProcessStartInfo("/usr/bin/mariadb") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["--no-defaults", "-h", "127.0.0.1", "-P", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", "root", database])
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    public async Task<(int ExitCode, string Output)> DumpAsync(string database, string outFile, CancellationToken cancellationToken) =>
        await RunAsync("/bin/sh", ["-c", $"/usr/bin/mariadb-dump --no-defaults -h 127.0.0.1 -P {Port} -u root --single-transaction {database} > '{outFile}'"], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        _dir.Dispose();
    }

    private static string[] RootUser() => Environment.UserName == "root" ? ["--user=root"] : [];

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var result = await ChildProcess.RunAsync(ChildProcess.StartInfo(file, args), cancellationToken);
        return (result.ExitCode, result.Output + result.Error);
    }
}
