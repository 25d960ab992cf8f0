using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.Testing;

public static class TeamSeeding
{
    /// <summary>Adds a team member who has already joined (password <see cref="StockApp.Password"/>).</summary>
    public static Task<StoreUser> AddMemberAsync(
        this StockApp app, Guid tenantId, string name, StoreRole role = StoreRole.Staff, string? phone = null,
        bool emailAlerts = false, bool smsAlerts = false, bool whatsAppAlerts = false, params Guid[] warehouses) =>
        app.InStoreAsync(tenantId, async services =>
        {
            var now = DateTimeOffset.UtcNow;
            var member = new StoreUser(tenantId, $"{name.ToLowerInvariant().Replace(' ', '.')}-{Guid.NewGuid():N}@example.test", name, role, now);
            member.UpdateMember(name, phone, role, emailAlerts, smsAlerts, whatsAppAlerts, morningSummary: false);
            member.MarkJoined(now);
            member.ConfirmEmail(); // joined by accepting the invitation sent to that address
            var created = await services.GetRequiredService<UserManager<StoreUser>>().CreateAsync(member, StockApp.Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }
            var db = services.GetRequiredService<StockDbContext>();
            db.UserWarehouses.AddRange(warehouses.Select(w => new UserWarehouse(member.Id, w)));
            await db.SaveChangesAsync();
            return member;
        });

    /// <summary>Runs the store's delivery job the way Hangfire would (its own scope).</summary>
    public static async Task DeliverAsync(this StockApp app, Guid tenantId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliverNotificationsJob>().RunAsync(tenantId, CancellationToken.None);
    }
}
