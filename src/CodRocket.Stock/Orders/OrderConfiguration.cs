using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Orders;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        builder.HasKey(o => new { o.TenantId, o.Id });
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(o => new { o.TenantId, o.WarehouseId }).OnDelete(DeleteBehavior.Restrict);
        // Numbered by the store's own counter (OrderNumberCounter) in the order's transaction.
        builder.Property(o => o.Number).ValueGeneratedNever();
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.CustomerName).HasMaxLength(Order.CustomerNameMaxLength);
        builder.Property(o => o.CustomerPhone).HasMaxLength(Order.CustomerPhoneMaxLength);
        builder.Property(o => o.City).HasMaxLength(Order.CityMaxLength);
        builder.Property(o => o.Address).HasMaxLength(Order.AddressMaxLength);
        builder.Property(o => o.ExternalReference).HasMaxLength(Order.ExternalReferenceMaxLength);
        builder.Property(o => o.Currency).HasMaxLength(Currencies.CodeLength).IsFixedLength().HasDefaultValue(Currencies.Default);
        builder.Ignore(o => o.Total);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => new { l.TenantId, l.OrderId }).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(o => new { o.TenantId, o.Number }).IsUnique();
        builder.HasIndex(o => new { o.TenantId, o.ExternalReference }).IsUnique().HasFilter("external_reference IS NOT NULL");
        builder.HasIndex(o => new { o.TenantId, o.Status, o.CreatedAt });
        // GET /api/v1/orders: a storefront's sync reads "changed since", oldest first, then by number (its cursor): the
        // index answers the filter, the order and the cursor, so a page reads its 25 rows, not every order of the store.
        builder.HasIndex(o => new { o.TenantId, o.UpdatedAt, o.Number });
        // ApiKeyId (like order_events.api_key_id and stock_movements.api_key_id) has no foreign key: a busy key's
        // placements would all take a KEY SHARE lock on its one api_keys row. Keys are revoked, never deleted.
        // The dashboard counts orders waiting on backorder on every visit.
        builder.HasIndex(o => o.TenantId).HasFilter("is_backordered AND status IN ('New', 'Confirmed')").HasDatabaseName("ix_orders_waiting_on_backorder");
    }
}

internal sealed class OrderNumberCounterConfiguration : IEntityTypeConfiguration<OrderNumberCounter>
{
    public void Configure(EntityTypeBuilder<OrderNumberCounter> builder)
    {
        builder.ToTable("order_number_counters");
        builder.HasKey(c => c.TenantId);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("order_lines");
        builder.HasKey(l => new { l.TenantId, l.OrderId, l.LineNo });
        builder.Property(l => l.LineNo).ValueGeneratedNever();
        builder.Property(l => l.UnitPrice).HasPrecision(Prices.Precision, Prices.Decimals);
        builder.Ignore(l => l.LineTotal);
        builder.HasOne<Product>().WithMany().HasForeignKey(l => new { l.TenantId, l.ProductId }).OnDelete(DeleteBehavior.Restrict);
        // The backorder queue of a product: only lines still waiting.
        builder.HasIndex(l => new { l.TenantId, l.ProductId }).HasFilter("backordered > 0").HasDatabaseName("ix_order_lines_backordered");
        builder.HasIndex(l => new { l.TenantId, l.ProductId, l.OrderId });
    }
}

internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> builder)
    {
        builder.ToTable("order_events");
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.HasOne<Order>().WithMany().HasForeignKey(e => new { e.TenantId, e.OrderId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.TenantId, e.OrderId, e.Id });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Note).HasMaxLength(OrderEvent.NoteMaxLength);
    }
}
