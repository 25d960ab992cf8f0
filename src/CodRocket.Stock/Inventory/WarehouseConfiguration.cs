using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Inventory;

internal sealed class WarehouseConfiguration : IEntityTypeConfiguration<Warehouse>
{
    public void Configure(EntityTypeBuilder<Warehouse> builder)
    {
        builder.ToTable("warehouses");
        builder.HasKey(w => new { w.TenantId, w.Id });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(w => w.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(w => new { w.TenantId, w.Code }).IsUnique();
        builder.Property(w => w.Code).HasMaxLength(Warehouse.CodeMaxLength);
        builder.Property(w => w.Name).HasMaxLength(Warehouse.NameMaxLength);
        builder.Property(w => w.City).HasMaxLength(Warehouse.CityMaxLength);
    }
}
