using System.Data;
using System.Data.Common;

namespace OpsDashboard.History;

/// <summary>Typed parameters that SQLite and PostgreSQL read alike: a null still has a type, and every integer is 64-bit.</summary>
internal static class DbCommandParameters
{
    public static DbParameter Parameter(this DbCommand command, string name, DbType type, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static void Add(this DbCommand command, string name, string? value) => command.Parameter(name, DbType.String, value);

    public static void Add(this DbCommand command, string name, long? value) => command.Parameter(name, DbType.Int64, value);
}
