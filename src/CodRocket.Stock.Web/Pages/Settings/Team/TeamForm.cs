using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Settings.Team;

internal static class TeamForm
{
    public static async Task<IReadOnlyList<(Guid, string)>> WarehouseChoicesAsync(StockDbContext db, CancellationToken ct) =>
        (await db.Warehouses.AsNoTracking().Where(w => w.IsActive).OrderBy(w => w.Code)
            .Select(w => new { w.Id, w.Code, w.Name }).ToListAsync(ct))
        .Select(w => (w.Id, $"{w.Code} — {w.Name}")).ToList();

    /// <summary>Replaces the warehouses a member follows; ids that are not this store's warehouses are ignored.</summary>
    public static async Task SetWarehousesAsync(StockDbContext db, Guid userId, IEnumerable<Guid> wanted, CancellationToken ct)
    {
        var ids = wanted.Distinct().ToList();
        var valid = await db.Warehouses.Where(w => ids.Contains(w.Id)).Select(w => w.Id).ToListAsync(ct);
        var current = await db.UserWarehouses.Where(x => x.UserId == userId).ToListAsync(ct);
        db.UserWarehouses.RemoveRange(current.Where(c => !valid.Contains(c.WarehouseId)));
        db.UserWarehouses.AddRange(valid.Where(v => current.All(c => c.WarehouseId != v)).Select(v => new UserWarehouse(userId, v)));
    }
}
