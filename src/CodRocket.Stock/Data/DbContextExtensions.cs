using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Data;

public static class DbContextExtensions
{
    /// <summary>
    /// Saves, answering false when a unique index refused the change (two people creating the same SKU or code at
    /// once): the form's earlier check cannot see a concurrent insert, the index can.
    /// </summary>
    public static async Task<bool> TrySaveUniqueAsync(this DbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return false;
        }
    }
}
