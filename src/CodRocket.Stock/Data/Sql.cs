using Npgsql;

namespace CodRocket.Stock.Data;

/// <summary>
/// Helpers for the few hot or set-based paths that speak SQL on the DbContext's connection. Raw SQL bypasses
/// the EF tenant filter: every statement built here must name tenant_id itself.
/// </summary>
internal static class Sql
{
    /// <summary>Locks products in id order (a fixed order, so concurrent multi-product work cannot deadlock).</summary>
    public const string LockProducts =
        "SELECT id FROM products WHERE tenant_id = $1 AND id = ANY($2) ORDER BY id FOR NO KEY UPDATE";

    /// <summary>A batch command with positional parameters ($1, $2, ...) in the order given.</summary>
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        return command;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, IReadOnlyCollection<NpgsqlBatchCommand> commands, CancellationToken ct)
    {
        if (commands.Count == 0)
        {
            return;
        }
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }
}
