using Npgsql;
using NpgsqlTypes;

namespace CodRocket.Stock.Data;

/// <summary>
/// Helpers for the few hot or set-based paths that speak SQL on the DbContext's connection. Raw SQL bypasses
/// the EF tenant filter: every statement built here must name tenant_id itself.
/// </summary>
internal static class Sql
{
    /// <summary>Locks products in id order (a fixed order, so concurrent multi-product work cannot deadlock); answers
    /// each locked product's id and SKU as they stand under the lock.</summary>
    public static NpgsqlBatchCommand LockProducts(Guid tenantId, Guid[] productIds) => Command(
        $"SELECT id, sku FROM products WHERE tenant_id = $1 AND id {IdMatch(productIds)} ORDER BY id FOR NO KEY UPDATE",
        tenantId, IdParameter(productIds));

    /// <summary>
    /// "= $2" for one id (or SKU), "= ANY($2)" for several. Most stock changes touch one product and most orders
    /// have one line: with a plain equality PostgreSQL settles on one prepared plan (an index lookup), while an array
    /// parameter made it re-plan the statement at every execution, at several times the cost of running it.
    /// </summary>
    public static string IdMatch<T>(T[] ids) => ids.Length == 1 ? "= $2" : "= ANY($2)";

    public static object IdParameter<T>(T[] ids) where T : notnull => ids.Length == 1 ? ids[0] : ids;

    /// <summary>
    /// A batch command with positional parameters ($1, $2, ...) in the order given. A value may be an
    /// <see cref="NpgsqlParameter"/> already (see <see cref="Text"/>, <see cref="Uuid"/>).
    /// </summary>
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        return command;
    }

    // A null sent without a type makes another prepared statement than the same value with one: typing the
    // nullable parameters keeps one statement (and one plan) per SQL text.
    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Uuid(Guid? value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)value ?? DBNull.Value };

    /// <summary>
    /// Seconds a batch over <paramref name="rows"/> rows may take: Npgsql's 30 s default for the usual few rows, more for
    /// a bulk action or an import over tens of thousands of products on a busy server (they run set-based, but
    /// 100,000 products is still seconds of work). 0 rows means "unknown": the default.
    /// </summary>
    public static int TimeoutFor(int rows) => rows > 1_000 ? 600 : 30;

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
        batch.Timeout = TimeoutFor(commands.Sum(c => c.Parameters.Select(p => p.Value).OfType<Array>().Select(a => a.Length).DefaultIfEmpty(0).Max()));
        await batch.ExecuteNonQueryAsync(ct);
    }
}
