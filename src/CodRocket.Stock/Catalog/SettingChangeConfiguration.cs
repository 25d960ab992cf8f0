using CodRocket.Stock.Api;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
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
        builder.HasOne<Product>().WithMany().HasForeignKey(c => new { c.TenantId, c.ProductId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(c => new { c.TenantId, c.WarehouseId }).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StoreUser>().WithMany()
            .HasForeignKey(c => new { c.TenantId, c.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(c => new { c.TenantId, c.ApiKeyId }).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SettingChangeBatch>().WithMany().HasForeignKey(c => new { c.TenantId, c.BatchId }).OnDelete(DeleteBehavior.Cascade);
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
