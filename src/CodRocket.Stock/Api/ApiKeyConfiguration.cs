using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Api;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => new { k.TenantId, k.Id });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StoreUser>().WithMany()
            .HasForeignKey(k => new { k.TenantId, k.CreatedBy })
            .HasPrincipalKey(u => new { u.TenantId, u.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StoreUser>().WithMany()
            .HasForeignKey(k => new { k.TenantId, k.RevokedBy })
            .HasPrincipalKey(u => new { u.TenantId, u.Id })
            .OnDelete(DeleteBehavior.Restrict);
        // A request names its key, not its store: the lookup by hash has to search every store (as sign-in does by
        // e-mail), so this one index cannot lead with tenant_id. The hash of 256 random bits is unique in practice;
        // the index makes it so.
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameMaxLength);
        builder.Property(k => k.Prefix).HasMaxLength(ApiKey.DisplayPrefixLength);
        builder.Property(k => k.Hash).HasMaxLength(32);
        builder.Property(k => k.Scopes).HasDefaultValue(ApiKeyScopes.All).HasSentinel(ApiKeyScopes.None);
        builder.Ignore(k => k.IsRevoked);
    }
}
