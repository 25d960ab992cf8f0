using System.Reflection;
using CodRocket.Stock.Alerts;
using CodRocket.Stock.Api;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Data;

/// <remarks>
/// Add a migration from the repository root:
/// <c>dotnet tool restore &amp;&amp; dotnet ef migrations add &lt;Name&gt; -p src/CodRocket.Stock -o Data/Migrations</c>
/// </remarks>
public sealed class StockDbContext(DbContextOptions<StockDbContext> options)
    : IdentityUserContext<StoreUser, Guid>(options), IDataProtectionKeyContext
{
    // Contexts are pooled (their set-up costs more than a stock change); each lease is handed the scope's
    // tenant context by AddStock and loses it when returned.
    private ITenantContext? _tenant;

    public const string TenantFilter = "Tenant";

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<SettingChange> SettingChanges => Set<SettingChange>();
    public DbSet<SettingChangeBatch> SettingChangeBatches => Set<SettingChangeBatch>();
    public DbSet<ProductImportFile> ProductImportFiles => Set<ProductImportFile>();
    public DbSet<StockLevel> StockLevels => Set<StockLevel>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<StockAlert> StockAlerts => Set<StockAlert>();
    public DbSet<AlertEvent> AlertEvents => Set<AlertEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationMessage> NotificationMessages => Set<NotificationMessage>();
    public DbSet<NotificationAttempt> NotificationAttempts => Set<NotificationAttempt>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();
    public DbSet<OrderNumberCounter> OrderNumberCounters => Set<OrderNumberCounter>();
    public DbSet<UserWarehouse> UserWarehouses => Set<UserWarehouse>();
    public DbSet<DailySales> DailySales => Set<DailySales>();
    public DbSet<SeasonalPeriod> SeasonalPeriods => Set<SeasonalPeriod>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();
    public DbSet<ActivityEntry> Activity => Set<ActivityEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Read by the tenant filter at every query execution (never captured in the cached model).
    /// With no store selected it is null and the filter matches nothing.
    /// </summary>
    internal Guid? CurrentTenantId => _tenant?.TenantId;

    /// <summary>The store this context acts for: the scope's tenant context.</summary>
    internal ITenantContext Tenant => _tenant ?? throw new InvalidOperationException("The context was not leased through AddStock.");

    /// <summary>The scope's tenant context, null when the context was not leased through AddStock.</summary>
    internal ITenantContext? LeasedTenant => _tenant;

    /// <summary>
    /// What <see cref="RowLevelSecurityInterceptor"/> last set on the open connection; null when unknown (closed, or a
    /// rollback may have undone it).
    /// </summary>
    internal RowLevelSecurity.Setting? AppliedRowLevelSecurity { get; set; }

    internal StockDbContext ForTenant(ITenantContext tenant)
    {
        _tenant = tenant;
        AppliedRowLevelSecurity = null;
        return this;
    }

    public override void Dispose()
    {
        _tenant = null;
        AppliedRowLevelSecurity = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        _tenant = null;
        AppliedRowLevelSecurity = null;
        return base.DisposeAsync();
    }

    /// <summary>The store of the current request or job.</summary>
    public Task<Tenant> CurrentTenantAsync(CancellationToken ct) =>
        Tenants.SingleAsync(t => t.Id == CurrentTenantId, ct);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(StockDbContext).Assembly);
        builder.HasCollation(ProductConfiguration.SkuCollation, locale: "und-u-ks-level2", provider: "icu", deterministic: false);

        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        var configure = typeof(StockDbContext).GetMethod(nameof(ConfigureTenantOwned), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entityType in builder.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            configure.MakeGenericMethod(entityType.ClrType).Invoke(this, [builder]);
        }
    }

    private void ConfigureTenantOwned<T>(ModelBuilder builder) where T : class, ITenantOwned
    {
        var entity = builder.Entity<T>();
        entity.HasQueryFilter(TenantFilter, e => e.TenantId == CurrentTenantId);
        // tenant_id leads composite keys; EF would otherwise invent a Guid for it on Add. The interceptor stamps it.
        entity.Property(e => e.TenantId).ValueGeneratedNever();
    }
}
