using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Inventory;

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> builder)
    {
        builder.ToTable("stock_movements");
        builder.HasKey(m => new { m.TenantId, m.Id });
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.HasOne<StockLevel>().WithMany()
            .HasForeignKey(m => new { m.TenantId, m.ProductId, m.WarehouseId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StoreUser>().WithMany()
            .HasForeignKey(m => new { m.TenantId, m.UserId })
            .HasPrincipalKey(u => new { u.TenantId, u.Id })
            .OnDelete(DeleteBehavior.Restrict);
        // ApiKeyId has no foreign key on purpose: every ledger row a busy key writes would take a KEY SHARE lock on that
        // key's one api_keys row, from every concurrent transaction (a multixact hot spot on the hot path). Keys are
        // revoked, never deleted, so the id always names a key the pages can show.
        builder.HasIndex(m => new { m.TenantId, m.ProductId, m.WarehouseId, m.Id });
        builder.Property(m => m.Type).HasConversion<string>().HasMaxLength(24);
        builder.Property(m => m.Reason).HasMaxLength(32);
        builder.Property(m => m.Note).HasMaxLength(StockChange.NoteMaxLength);
    }
}
