using CodRocket.Stock.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Tenancy;

/// <summary>A warehouse whose per-warehouse alerts a team member follows. None at all: every warehouse.</summary>
public sealed class UserWarehouse : ITenantOwned
{
    private UserWarehouse() { }

    public UserWarehouse(Guid userId, Guid warehouseId)
    {
        UserId = userId;
        WarehouseId = warehouseId;
    }

    public Guid TenantId { get; private set; }
    public Guid UserId { get; private set; }
    public Guid WarehouseId { get; private set; }
}

internal sealed class UserWarehouseConfiguration : IEntityTypeConfiguration<UserWarehouse>
{
    public void Configure(EntityTypeBuilder<UserWarehouse> builder)
    {
        builder.ToTable("user_warehouses");
        builder.HasKey(x => new { x.TenantId, x.UserId, x.WarehouseId });
        builder.HasOne<StoreUser>().WithMany()
            .HasForeignKey(x => new { x.TenantId, x.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id })
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(x => new { x.TenantId, x.WarehouseId }).OnDelete(DeleteBehavior.Cascade);
    }
}
