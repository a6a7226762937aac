using System.Diagnostics;
using Npgsql;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>
/// A real PostgreSQL server (Debian's postgresql, installed by test.sh) with its own data directory made by initdb, on
/// a free loopback port, with password (SCRAM) logins as production has them. PostgreSQL refuses to run as root: when
/// the tests do, the server runs as the postgres system user that the Debian package creates.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "opsdashboard";

    public const string Password = "s3cret-pg-Pa55word";

    private static readonly string[] Versions = ["17", "16", "15", "14"];
    private readonly TempDirectory _dir = new();
    private Process? _process;
    private int _databases;

    private PostgresServer(string bin, int port)
    {
        Bin = bin;
        Port = port;
    }

    public string Bin { get; }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_dir.Path, "data");

    public string ConnectionString(string database = "postgres", string? password = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Password = password ?? Password,
        Database = database,
    }.ConnectionString;

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var bin = Versions.Select(v => $"/usr/lib/postgresql/{v}/bin").FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "postgres")))
            ?? throw new InvalidOperationException("PostgreSQL's initdb and postgres are missing under /usr/lib/postgresql/*/bin: the scale-out tests need Debian's postgresql. Run ./test.sh, which installs it.");
        var server = new PostgresServer(bin, DashboardProcess.FreePort());
        var passwordFile = Path.Combine(server._dir.Path, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password, cancellationToken);
        if (Environment.UserName == "root")
        {
            var chown = await ChildProcess.RunAsync(ChildProcess.StartInfo("chown", ["-R", "postgres:postgres", server._dir.Path]), cancellationToken);
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException($"chown to the postgres user failed: {chown.Error}");
            }
        }

        var init = await ChildProcess.RunAsync(
            AsServerUser(Path.Combine(bin, "initdb"), ["-D", server.DataDirectory, "-U", User, "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C", "--no-sync"]),
            cancellationToken);
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed ({init.ExitCode}): {init.Output}{init.Error}");
        }

        await server.StartServerAsync(cancellationToken);
        return server;
    }

    /// <summary>A new empty database for one test class, so classes sharing the server never see each other's rows.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Kills the server at once, as a crash or a network cut looks to its clients.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the server again on the same port and data, e.g. after <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken)
    {
        // A killed postmaster leaves its pid file; the server refuses to start over a live-looking one.
        File.Delete(Path.Combine(DataDirectory, "postmaster.pid"));
        _process?.Dispose();
        return StartServerAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        NpgsqlConnection.ClearAllPools();
        _dir.Dispose();
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var info = AsServerUser(Path.Combine(Bin, "postgres"),
        [
            "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", _dir.Path, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=32MB",
        ]);
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        DataReceivedEventHandler read = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data.Contains("database system is ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        _process.ErrorDataReceived += read;
        _process.OutputDataReceived += read;
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"postgres exited before it was ready:\n{log}"));
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>The command as is, or through runuser as the postgres user when the tests run as root.</summary>
    private static ProcessStartInfo AsServerUser(string file, string[] args) =>
        Environment.UserName == "root" ? ChildProcess.StartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : ChildProcess.StartInfo(file, args);
}
