using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Alerts;

internal sealed class StockAlertConfiguration : IEntityTypeConfiguration<StockAlert>
{
    public void Configure(EntityTypeBuilder<StockAlert> builder)
    {
        builder.ToTable("stock_alerts");
        builder.HasKey(a => new { a.TenantId, a.Id });
        builder.HasOne(a => a.Product).WithMany().HasForeignKey(a => new { a.TenantId, a.ProductId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Warehouse).WithMany().HasForeignKey(a => new { a.TenantId, a.WarehouseId }).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.Level).HasConversion<string>().HasMaxLength(8);
        builder.Ignore(a => a.IsOpen);

        // At most one open alert per scope: a race can never open two. NULLS NOT DISTINCT makes the
        // product-wide scope (warehouse_id null) one scope too.
        builder.HasIndex(a => new { a.TenantId, a.ProductId, a.WarehouseId })
            .IsUnique()
            .AreNullsDistinct(false)
            .HasFilter("resolved_at IS NULL")
            .HasDatabaseName("ux_stock_alerts_one_open_per_scope");
        // The badge runs on every page and the dashboard lists the newest alerts needing attention: one small
        // partial index over exactly those alerts serves both (the badge as an index-only count). The id is the
        // list's tie-break: without it in the index, a store whose alerts opened together (one bulk change) sorts
        // them all to show eight.
        builder.HasIndex(a => new { a.TenantId, a.OpenedAt, a.Id })
            .IsDescending(false, true, false)
            .IncludeProperties(a => a.SnoozedUntil)
            .HasFilter("resolved_at IS NULL AND acknowledged_at IS NULL")
            .HasDatabaseName("ix_stock_alerts_needing_attention");
    }
}

internal sealed class AlertEventConfiguration : IEntityTypeConfiguration<AlertEvent>
{
    public void Configure(EntityTypeBuilder<AlertEvent> builder)
    {
        builder.ToTable("alert_events");
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.HasOne<StockAlert>().WithMany(a => a.Events).HasForeignKey(e => new { e.TenantId, e.AlertId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StoreUser>().WithMany()
            .HasForeignKey(e => new { e.TenantId, e.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.TenantId, e.AlertId, e.Id });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
    }
}
