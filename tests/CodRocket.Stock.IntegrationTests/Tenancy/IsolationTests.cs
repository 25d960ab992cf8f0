using System.Net;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Tenancy;

/// <summary>I5: store A reaches none of store B's rows, whatever id it sends.</summary>
public class IsolationTests(StockApp app)
{
    private sealed record Other(TestStore Store, Guid Warehouse, Guid Product);

    private async Task<Other> SeedOtherStoreAsync()
    {
        var store = await app.CreateStoreAsync("Store B");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "BWH");
        var product = await app.AddProductAsync(store.TenantId, "B-SKU", threshold: 4);
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 9));
        return new Other(store, warehouse, product);
    }

    private Task<string> SnapshotAsync(Guid tenantId) =>
        app.InDbAsync(tenantId, async db =>
        {
            var products = await db.Products.AsNoTracking().OrderBy(p => p.Id)
                .Select(p => $"{p.Sku}|{p.Name}|{p.LowStockThreshold}|{p.IsArchived}").ToListAsync();
            var warehouses = await db.Warehouses.AsNoTracking().OrderBy(w => w.Id)
                .Select(w => $"{w.Code}|{w.Name}|{w.IsActive}").ToListAsync();
            var levels = await db.StockLevels.AsNoTracking().OrderBy(s => s.ProductId).ThenBy(s => s.WarehouseId)
                .Select(s => $"{s.OnHand}|{s.Reserved}|{s.LowStockThreshold}").ToListAsync();
            var movements = await db.StockMovements.CountAsync();
            return string.Join(";", products.Concat(warehouses).Concat(levels).Append(movements.ToString()));
        });

    [Fact]
    public async Task Every_page_that_takes_an_id_answers_404_for_another_stores_rows_and_changes_nothing()
    {
        var other = await SeedOtherStoreAsync();
        var before = await SnapshotAsync(other.Store.TenantId);
        var a = await app.CreateStoreAsync("Store A");
        var myWarehouse = await app.AddWarehouseAsync(a.TenantId, "AWH");
        var myProduct = await app.AddProductAsync(a.TenantId, "A-SKU");
        using var client = await app.SignInAsync(a);

        string[] gets =
        [
            $"/inventory/products/{other.Product}",
            $"/inventory/products/{other.Product}/edit",
            $"/inventory/products/{other.Product}/receive",
            $"/inventory/products/{other.Product}/adjust",
            $"/inventory/products/{other.Product}/transfer",
            $"/warehouses/{other.Warehouse}/edit",
        ];
        foreach (var url in gets)
        {
            (await client.GetAsync(url)).Status.Should().Be(HttpStatusCode.NotFound, url);
        }

        // Posts carry a valid antiforgery token (taken from one of A's own forms) so only the id is foreign.
        var posts = new (string Url, Dictionary<string, string> Fields, string? Handler)[]
        {
            ($"/inventory/products/{other.Product}/edit", new() { ["Input.Sku"] = "HACKED", ["Input.Name"] = "Hacked", ["Input.Settings.SeasonalFactor"] = "1" }, null),
            ($"/inventory/products/{other.Product}/edit", new() { ["confirmed"] = "true" }, "Archive"),
            ($"/inventory/products/{other.Product}/receive", new() { ["Input.WarehouseId"] = other.Warehouse.ToString(), ["Input.Quantity"] = "5" }, null),
            ($"/inventory/products/{other.Product}/adjust", new() { ["Input.WarehouseId"] = other.Warehouse.ToString(), ["Input.CountedQuantity"] = "0", ["Input.Reason"] = "Lost" }, null),
            ($"/inventory/products/{other.Product}/transfer", new() { ["Input.FromWarehouseId"] = other.Warehouse.ToString(), ["Input.ToWarehouseId"] = myWarehouse.ToString(), ["Input.Quantity"] = "1" }, null),
            ($"/warehouses/{other.Warehouse}/edit", new() { ["Input.Code"] = "HACK", ["Input.Name"] = "Hacked" }, null),
            ($"/warehouses/{other.Warehouse}/edit", new() { ["confirmed"] = "true" }, "Deactivate"),
        };
        foreach (var (url, fields, handler) in posts)
        {
            var response = await client.PostFormAsync(url, fields, handler, formUrl: "/warehouses/create");
            response.Status.Should().Be(HttpStatusCode.NotFound, $"{url} {handler}");
        }

        // A's own product with B's warehouse: refused as a choice that does not exist here.
        var receiveIntoB = await client.PostFormAsync($"/inventory/products/{myProduct}/receive",
            new() { ["Input.WarehouseId"] = other.Warehouse.ToString(), ["Input.Quantity"] = "5" });
        receiveIntoB.Status.Should().Be(HttpStatusCode.OK);
        receiveIntoB.ValidationMessages.Should().Contain("Choose an active warehouse.");

        // A threshold posted for B's warehouse on A's product is ignored.
        var edit = await client.PostFormAsync($"/inventory/products/{myProduct}/edit", new()
        {
            ["Input.Sku"] = "A-SKU", ["Input.Name"] = "Mine", ["Input.Settings.SeasonalFactor"] = "1",
            ["Input.Settings.Warehouses[0].WarehouseId"] = other.Warehouse.ToString(),
            ["Input.Settings.Warehouses[0].LowStockThreshold"] = "3",
        });
        edit.Status.Should().Be(HttpStatusCode.Redirect);

        (await SnapshotAsync(other.Store.TenantId)).Should().Be(before);
        (await app.InDbAsync(a.TenantId, db => db.StockLevels.CountAsync(s => s.WarehouseId == other.Warehouse))).Should().Be(0);
    }

    [Fact]
    public async Task Lists_show_only_the_signed_in_stores_rows()
    {
        var other = await SeedOtherStoreAsync();
        var a = await app.CreateStoreAsync("Store A");
        await app.AddProductAsync(a.TenantId, "A-ONLY");
        using var client = await app.SignInAsync(a);

        var products = await client.GetAsync("/inventory/products");
        var searchForB = await client.GetAsync("/inventory/products?q=B-SKU");
        var warehouses = await client.GetAsync("/warehouses");
        var dashboard = await client.GetAsync("/");

        products.Text.Should().Contain("A-ONLY").And.NotContain("B-SKU");
        searchForB.Text.Should().NotContain("B-SKU");
        warehouses.Text.Should().NotContain("BWH");
        dashboard.Text.Should().NotContain("B-SKU");
        _ = other;
    }

    [Fact]
    public async Task Set_based_updates_and_deletes_stay_inside_the_store()
    {
        var other = await SeedOtherStoreAsync();
        var before = await SnapshotAsync(other.Store.TenantId);
        var a = await app.CreateStoreAsync();
        await app.AddProductAsync(a.TenantId, "A1");

        var updated = await app.InDbAsync(a.TenantId, db =>
            db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "renamed by A")));
        var deleted = await app.InDbAsync(a.TenantId, db => db.StockMovements.ExecuteDeleteAsync());

        updated.Should().Be(1);
        deleted.Should().Be(0);
        (await SnapshotAsync(other.Store.TenantId)).Should().Be(before);
    }

    [Fact]
    public async Task Saving_a_row_of_another_store_through_the_change_tracker_is_refused()
    {
        var other = await SeedOtherStoreAsync();
        var a = await app.CreateStoreAsync();

        var act = () => app.InStoreAsync(a.TenantId, async services =>
        {
            var db = services.GetRequiredService<StockDbContext>();
            // Read through a (mistaken) cross-store scope: row-level security would hide the row otherwise.
            Product foreign;
            using (services.GetRequiredService<ITenantContext>().CrossStore("test: a foreign row loaded by mistake"))
            {
                foreign = await db.Products.IgnoreQueryFilters().SingleAsync(p => p.Id == other.Product);
            }
            foreign.Rename("stolen", DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*another store*");
        (await app.InDbAsync(other.Store.TenantId, db => db.Products.Where(p => p.Id == other.Product).Select(p => p.Name).SingleAsync()))
            .Should().Be("Product B-SKU");
    }
}
