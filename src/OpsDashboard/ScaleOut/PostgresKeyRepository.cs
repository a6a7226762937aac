using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace OpsDashboard.ScaleOut;

/// <summary>
/// Data Protection's key ring in PostgreSQL, so every replica protects and unprotects with the same keys: a circuit,
/// antiforgery token or auth cookie made by one replica is read by any other after a reconnect lands elsewhere.
/// Data Protection calls it synchronously, rarely (at start and when a key is rolled).
/// </summary>
public sealed class PostgresKeyRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    private int _ready;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        EnsureSchema();
        using var command = dataSource.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY friendly_name");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        EnsureSchema();
        // A key is written once; a second replica generating the same friendly name keeps the first.
        using var command = dataSource.CreateCommand("INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING");
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }

    private void EnsureSchema()
    {
        if (Volatile.Read(ref _ready) == 0)
        {
            ScaleOutSchema.Ensure(dataSource);
            Volatile.Write(ref _ready, 1);
        }
    }
}
