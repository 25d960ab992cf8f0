using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Catalog;

internal sealed class SettingChangeConfiguration : IEntityTypeConfiguration<SettingChange>
{
    public void Configure(EntityTypeBuilder<SettingChange> builder)
    {
        builder.ToTable("setting_changes");
        builder.HasKey(c => new { c.TenantId, c.Id });
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        // No foreign keys (ADR 0005): an audit row is written set-based, in the unit of work that locked the products it
        // names, from those products' and stock rows' own rows (tenant_id = the work's), with the work's batch, user and
        // key; products, warehouses, members, keys and batches are never deleted. A key checked per audit row was most
        // of a bulk action's time, and their three indexes (key, member, warehouse) served no read.
        // A change's page lists its rows; its revert finds them.
        builder.HasIndex(c => new { c.TenantId, c.BatchId });
        // The product page lists a product's history, newest first.
        builder.HasIndex(c => new { c.TenantId, c.ProductId, c.Id });
        builder.Property(c => c.Field).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.OldValue).HasMaxLength(SettingChange.ValueMaxLength);
        builder.Property(c => c.NewValue).HasMaxLength(SettingChange.ValueMaxLength);
    }
}
