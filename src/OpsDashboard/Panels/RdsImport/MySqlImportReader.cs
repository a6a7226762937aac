using MySqlConnector;
using OpsDashboard.Telemetry;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>
/// The two cheap queries the import panel makes, over one connection: table sizes from information_schema.tables and
/// running statements from information_schema.processlist. Needs only SELECT on the schema and the PROCESS privilege.
/// </summary>
public sealed class MySqlImportReader : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private MySqlConnection? _connection;
    private (string User, HashSet<string> Privileges)? _grants;

    public MySqlImportReader(string connectionString, TimeProvider time)
    {
        _connectionString = connectionString;
        _time = time;
    }

    public Task<ImportObservation> ObserveAsync(string schema, CancellationToken cancellationToken) =>
        ObserveAsync(schema, _ => [], cancellationToken);

    /// <summary>Observes the schema, then counts exactly the tables <paramref name="toCount"/> names for what it saw.</summary>
    public Task<ImportObservation> ObserveAsync(string schema, Func<ImportObservation, IReadOnlyList<string>> toCount, CancellationToken cancellationToken) =>
        UpstreamMetrics.TimeAsync(UpstreamMetrics.MySql, () => ObserveOnceAsync(schema, toCount, cancellationToken));

    private async Task<ImportObservation> ObserveOnceAsync(string schema, Func<ImportObservation, IReadOnlyList<string>> toCount, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken);
        try
        {
            _grants ??= await GrantsAsync(connection, cancellationToken);
            var (user, privileges) = _grants.Value;
            var seesAll = privileges.Contains("SELECT") || privileges.Contains("SHOW DATABASES");
            if (!await SchemaExistsAsync(connection, schema, cancellationToken))
            {
                throw new ImportSetupException(seesAll
                    ? $"schema `{schema}` does not exist on {connection.DataSource}: check Schema, or the import has not created it yet"
                    : $"schema `{schema}` is not visible to {user} on {connection.DataSource}: it does not exist yet, or {user} may be missing a grant: SELECT on `{schema}`.* (GRANT SELECT ON `{schema}`.* TO {user}; it needs PROCESS too)");
            }

            // Without PROCESS only the dashboard's own statements are listed, and a running import would pass for a stopped one.
            if (privileges.Count > 0 && !privileges.Contains("PROCESS") && !privileges.Contains("SUPER"))
            {
                throw new ImportSetupException($"{user} may be missing a grant: PROCESS, without which the import's statements on {connection.DataSource} cannot be seen and a running import cannot be told from a stopped one (GRANT PROCESS ON *.* TO {user})");
            }

            var tables = new List<TableObservation>();
            await using (var command = new MySqlCommand(
                "SELECT table_name, COALESCE(data_length, 0) + COALESCE(index_length, 0), COALESCE(table_rows, 0), create_time FROM information_schema.tables WHERE table_schema = @schema AND table_type = 'BASE TABLE'", connection))
            {
                command.Parameters.AddWithValue("@schema", schema);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    tables.Add(new TableObservation(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture))
                    {
                        CreatedAt = reader.IsDBNull(3) ? null : reader.GetDateTime(3),
                    });
                }
            }

            var running = new List<RunningStatement>();
            var idleConnections = 0;
            await using (var command = new MySqlCommand(
                "SELECT id, user, time, state, LEFT(info, 300) FROM information_schema.processlist WHERE db = @schema AND command NOT IN ('Daemon', 'Binlog Dump') AND id <> CONNECTION_ID()", connection))
            {
                command.Parameters.AddWithValue("@schema", schema);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.IsDBNull(4))
                    {
                        idleConnections++;
                        continue;
                    }

                    running.Add(new RunningStatement(
                        Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                        reader.GetString(1),
                        TimeSpan.FromSeconds(Convert.ToDouble(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture)),
                        reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.GetString(4)));
                }
            }

            var observation = new ImportObservation(_time.GetUtcNow(), tables, running) { IdleConnections = idleConnections };
            var names = toCount(observation);
            return names.Count == 0 ? observation : observation with { CountedRows = await CountAsync(connection, schema, names, cancellationToken) };
        }
        catch (MySqlException ex)
        {
            await DropConnectionAsync();
            throw Explain(ex);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException && connection.State != System.Data.ConnectionState.Open)
        {
            await DropConnectionAsync();
            throw new ImportSetupException($"unreachable: {ex.Message}", ex);
        }
    }

    public async ValueTask DisposeAsync() => await DropConnectionAsync();

    /// <summary>Turns MySQL errors into what to fix: wrong password, missing grants, server unreachable.</summary>
    public static ImportSetupException Explain(MySqlException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.ErrorCode switch
        {
            MySqlErrorCode.AccessDenied => new ImportSetupException($"access denied: {ex.Message}. Check the user and password of the import's ConnectionString.", ex),
            MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.TableAccessDenied or MySqlErrorCode.SpecifiedAccessDeniedError =>
                new ImportSetupException($"missing privilege: {ex.Message}. The dashboard's user needs SELECT on the schema and PROCESS (see docs).", ex),
            // Client-side codes: the server went away or never answered.
            MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.CommandTimeoutExpired or MySqlErrorCode.ServerShutdown or 0
                => new ImportSetupException($"unreachable: {ex.Message}", ex),
            _ => new ImportSetupException($"MySQL error {(int)ex.ErrorCode}: {ex.Message}", ex),
        };
    }

    private static async Task<Dictionary<string, long>> CountAsync(MySqlConnection connection, string schema, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        // mysqldump's LOCK TABLES ... WRITE is held between statements: a table the import still holds is not waited for.
        await using (var wait = new MySqlCommand("SET SESSION lock_wait_timeout = 1", connection))
        {
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var table in tables)
        {
            // A full scan of one table, made only while the import is quiet, to be sure of its end.
            await using var command = new MySqlCommand($"SELECT COUNT(*) FROM `{schema.Replace("`", "``", StringComparison.Ordinal)}`.`{table.Replace("`", "``", StringComparison.Ordinal)}`", connection) { CommandTimeout = 600 };
            try
            {
                counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (MySqlException ex) when (ex.ErrorCode is MySqlErrorCode.NoSuchTable or MySqlErrorCode.LockWaitTimeout)
            {
                // Dropped since it was seen, or locked by the import: not known to be loaded.
            }
        }

        await using (var reset = new MySqlCommand("SET SESSION lock_wait_timeout = DEFAULT", connection))
        {
            await reset.ExecuteNonQueryAsync(cancellationToken);
        }

        return counts;
    }

    /// <summary>The user as MySQL quotes it ('dashboard'@'%') and its global privileges; none listed when they cannot be read.</summary>
    private static async Task<(string User, HashSet<string> Privileges)> GrantsAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            "SELECT CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')", connection);
        var user = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? "the dashboard's user";
        var privileges = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var grants = new MySqlCommand("SELECT privilege_type FROM information_schema.user_privileges WHERE grantee = @user", connection);
        grants.Parameters.AddWithValue("@user", user);
        await using var reader = await grants.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            privileges.Add(reader.GetString(0));
        }

        return (user, privileges);
    }

    private static async Task<bool> SchemaExistsAsync(MySqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = @schema", connection);
        command.Parameters.AddWithValue("@schema", schema);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private async Task<MySqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }

        await DropConnectionAsync();
        var builder = new MySqlConnectionStringBuilder(_connectionString) { Pooling = false, ConnectionTimeout = 10, DefaultCommandTimeout = 30 };
        var connection = new MySqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (MySqlException ex)
        {
            await connection.DisposeAsync();
            throw Explain(ex);
        }

        _connection = connection;
        return connection;
    }

    private async Task DropConnectionAsync()
    {
        _grants = null;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}

/// <summary>Something about the import's setup that a person has to fix; the message says what.</summary>
public sealed class ImportSetupException : Exception
{
    public ImportSetupException()
    {
    }

    public ImportSetupException(string message)
        : base(message)
    {
    }

    public ImportSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
