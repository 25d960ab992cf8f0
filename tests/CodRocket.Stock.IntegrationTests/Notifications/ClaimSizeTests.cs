using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Notifications;

/// <summary>
/// An e-mail claim stops at the number of recipients it was asked for (its cost follows what it takes, not the
/// backlog): the others stay pending for the next claim, no row is taken twice, and every row is taken once.
/// </summary>
public class ClaimSizeTests(StockApp app)
{
    [Fact]
    public async Task A_claim_takes_the_recipients_it_was_asked_for_and_leaves_the_rest_pending()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        for (var i = 0; i < 4; i++)
        {
            await app.AddMemberAsync(store.TenantId, $"Claim Member {i}", emailAlerts: true);
        }
        var product = await app.AddProductAsync(store.TenantId, "CLAIM-1", 5, (warehouse, 10));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        var pending = await app.InDbAsync(store.TenantId, db => db.Notifications
            .Where(n => n.Channel == NotificationChannel.Email && n.Status == NotificationStatus.Pending).Select(n => n.Recipient).ToListAsync());
        pending.Distinct().Should().HaveCountGreaterThanOrEqualTo(5);

        var first = await ClaimAsync(store.TenantId, 2);
        var second = await ClaimAsync(store.TenantId, 2);
        var rest = await ClaimAsync(store.TenantId, 100);
        var none = await ClaimAsync(store.TenantId, 100);

        first.Rows.Select(r => r.Recipient).Distinct().Should().HaveCount(2);
        second.Rows.Select(r => r.Recipient).Distinct().Should().HaveCount(2).And.NotIntersectWith(first.Rows.Select(r => r.Recipient));
        first.Rows.Concat(second.Rows).Concat(rest.Rows).Select(r => r.Id).Should().OnlyHaveUniqueItems().And.HaveCount(pending.Count);
        none.Rows.Should().BeEmpty();
        none.NextDueAt.Should().BeNull("nothing is held back: the window is off");
    }

    private Task<OutboxClaim> ClaimAsync(Guid tenantId, int recipients) => app.InStoreAsync(tenantId, services =>
        services.GetRequiredService<NotificationOutbox>().ClaimAsync(NotificationChannel.Email, recipients, new DeliveryPacing(TimeSpan.Zero, 10), CancellationToken.None));
}
