using System.Globalization;
using MySqlConnector;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>
/// A manifest from a source database: tables in mysqldump's order (by name), bytes as InnoDB data + index, rows
/// counted exactly (SELECT COUNT(*) per table, for the manifest command) or InnoDB's estimate (cheap, for a live panel).
/// </summary>
public static class DatabaseManifest
{
    public static async Task<ImportManifest> ReadAsync(string connectionString, string schema, bool exactRows, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(connectionString) { Pooling = false, DefaultCommandTimeout = 0 }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var tables = new List<ManifestTable>();
            await using (var command = new MySqlCommand(
                "SELECT table_name, COALESCE(table_rows, 0), COALESCE(data_length, 0) + COALESCE(index_length, 0) FROM information_schema.tables WHERE table_schema = @schema AND table_type = 'BASE TABLE' ORDER BY table_name", connection))
            {
                command.Parameters.AddWithValue("@schema", schema);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    tables.Add(new ManifestTable(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)));
                }
            }

            if (tables.Count == 0)
            {
                throw new ImportSetupException($"schema `{schema}` on {connection.DataSource} has no tables: check the source connection and schema");
            }

            if (exactRows)
            {
                for (var i = 0; i < tables.Count; i++)
                {
                    await using var count = new MySqlCommand($"SELECT COUNT(*) FROM `{schema.Replace("`", "``", StringComparison.Ordinal)}`.`{tables[i].Name.Replace("`", "``", StringComparison.Ordinal)}`", connection);
                    tables[i] = tables[i] with { Rows = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) };
                }
            }

            return new ImportManifest(schema, $"database {connection.DataSource}/{schema}", ImportManifest.BytesFromDatabase, tables) { RowsAreEstimates = !exactRows };
        }
        catch (MySqlException ex)
        {
            throw MySqlImportReader.Explain(ex);
        }
    }
}
