using System.Security.Claims;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Settings.Team;

public sealed class IndexModel(StockDbContext db) : PageModel
{
    public IReadOnlyList<Row> Members { get; private set; } = [];

    /// <summary>The signed-in member's role: members above it are listed without an Edit button.</summary>
    public StoreRole MyRole => StoreRoles.Parse(User.FindFirstValue(ClaimTypes.Role));

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var warehouses = await db.UserWarehouses.AsNoTracking()
            .Join(db.Warehouses, x => x.WarehouseId, w => w.Id, (x, w) => new { x.UserId, w.Code })
            .ToListAsync(ct);
        Members = (await db.Users.AsNoTracking()
                .Where(u => u.RemovedAt == null)
                .OrderBy(u => u.Role == StoreRole.Owner ? 0 : u.Role == StoreRole.Manager ? 1 : 2).ThenBy(u => u.FullName)
                .Select(u => new { u.Id, u.FullName, u.Email, u.PhoneNumber, u.Role, u.EmailStockAlerts, u.SmsStockAlerts, u.WhatsAppStockAlerts, u.JoinedAt })
                .ToListAsync(ct))
            .Select(u => new Row(u.Id, u.FullName, u.Email ?? "", u.PhoneNumber, u.Role, u.EmailStockAlerts, u.SmsStockAlerts, u.WhatsAppStockAlerts, u.JoinedAt is not null,
                warehouses.Where(w => w.UserId == u.Id).Select(w => w.Code).Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    public sealed record Row(
        Guid Id, string Name, string Email, string? Phone, StoreRole Role, bool EmailAlerts, bool SmsAlerts, bool WhatsAppAlerts, bool Joined, IReadOnlyList<string> Warehouses);
}
