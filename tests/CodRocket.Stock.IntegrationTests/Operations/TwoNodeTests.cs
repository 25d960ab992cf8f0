using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Operations;

/// <summary>A database of its own for the cluster: its worker would otherwise deliver every other test's outbox.</summary>
public sealed class ClusterApp : StockApp;

/// <summary>
/// Issue 18, scale-out: web node A (the fixture), web node B and a worker — three hosts with their own services,
/// caches and key rings, on one database, none running jobs but the worker.
/// </summary>
public class TwoNodeTests(ClusterApp nodeA) : IClassFixture<ClusterApp>
{
    [Fact]
    public async Task A_cookie_from_node_A_works_on_node_B()
    {
        await using var nodeB = nodeA.WithWebHostBuilder(_ => { });
        var store = await nodeA.CreateStoreAsync();
        var cookies = new CookieContainer();
        using var onA = new StoreClient(nodeA.CreateDefaultClient(new CookieContainerHandler(cookies)));
        using var onB = new StoreClient(nodeB.CreateDefaultClient(new CookieContainerHandler(cookies)));

        (await onA.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = StockApp.Password }))
            .Status.Should().Be(HttpStatusCode.Redirect);

        var page = await onB.GetAsync("/inventory/products");
        page.Status.Should().Be(HttpStatusCode.OK, "node B reads the key ring node A wrote to the database");
        // And a form rendered by B posts to A (antiforgery tokens are data-protected too).
        page = await onB.GetAsync("/warehouses/create");
        var form = page.Document.Forms.Single(f => f.Elements.Any(e => e.GetAttribute("name") == "Input.Code"));
        ((IHtmlInputElement)form.Elements.Single(e => e.GetAttribute("name") == "Input.Code")).Value = "TWO";
        ((IHtmlInputElement)form.Elements.Single(e => e.GetAttribute("name") == "Input.Name")).Value = "Two nodes";
        (await onA.SubmitAsync(page, form)).Status.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_notification_enqueued_on_node_A_is_delivered_once_by_the_worker()
    {
        await using var worker = nodeA.WithWebHostBuilder(b => b.UseSetting("Jobs:RunServer", "true"));
        _ = worker.Services; // start it
        var store = await nodeA.CreateStoreAsync();
        var warehouse = await nodeA.AddWarehouseAsync(store.TenantId, "W");
        var product = await nodeA.AddProductAsync(store.TenantId, "TWO-1", 5, (warehouse, 10));

        await nodeA.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        var clock = Stopwatch.StartNew();
        while (nodeA.Mail.To(store.Email).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        // The sweep and any duplicate job had their chance to send it again.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        nodeA.Mail.To(store.Email).Should().ContainSingle().Which.Subject.Should().Contain("TWO-1");
        (await nodeA.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().ToListAsync()))
            .Should().ContainSingle().Which.Status.Should().Be(NotificationStatus.Sent);
    }

    [Fact]
    public async Task A_key_revoked_on_node_A_is_refused_by_node_B_at_once()
    {
        await using var nodeB = nodeA.WithWebHostBuilder(_ => { });
        var store = await nodeA.CreateStoreAsync();
        var key = await nodeA.CreateApiKeyAsync(store.TenantId, "storefront");
        using var onB = nodeB.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        onB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        (await onB.GetJsonAsync("/api/v1/warehouses")).Status.Should().Be(HttpStatusCode.OK);

        // Revoked through node A's own services, as its API keys page does.
        await nodeA.InDbAsync(store.TenantId, db => db.ApiKeys.Where(k => k.Name == "storefront")
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow)));

        (await onB.GetJsonAsync("/api/v1/warehouses")).Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_keys_limit_and_its_stores_limit_hold_across_both_nodes()
    {
        // Each node alone would grant each key its whole bucket: 6 per key, 12 for two keys, twice that on two nodes.
        static void Tight(IWebHostBuilder b)
        {
            b.UseSetting("Api:RateLimit:Burst", "6");
            b.UseSetting("Api:RateLimit:RequestsPerSecond", "1");
            b.UseSetting("Api:RateLimit:StoreBurst", "9");
            b.UseSetting("Api:RateLimit:StoreRequestsPerSecond", "1");
        }
        await using var tightA = nodeA.WithWebHostBuilder(Tight);
        await using var tightB = nodeA.WithWebHostBuilder(Tight);
        var store = await nodeA.CreateStoreAsync();
        var clients = new List<HttpClient>();
        foreach (var name in new[] { "storefront", "courier" })
        {
            var key = await nodeA.CreateApiKeyAsync(store.TenantId, name);
            foreach (var node in new[] { tightA, tightB })
            {
                var client = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                clients.Add(client);
            }
        }
        // Warm both hosts on another store, so the requests below fall well within the buckets' refill.
        var other = await nodeA.CreateApiKeyAsync((await nodeA.CreateStoreAsync()).TenantId, "warm-up");
        foreach (var node in new[] { tightA, tightB })
        {
            using var warm = node.CreateClient();
            warm.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", other);
            (await warm.GetJsonAsync("/api/v1/warehouses")).Status.Should().Be(HttpStatusCode.OK);
        }

        // The storefront's key alone, alternating nodes: its bucket of 6 is shared, not 6 per node.
        var clock = Stopwatch.StartNew();
        var storefront = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            storefront.Add((await clients[i % 2].GetJsonAsync("/api/v1/warehouses")).Status);
        }
        // Then the courier's key: the store's bucket of 9 has at most 3 or 4 left for it, whatever its own bucket says.
        var courier = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            courier.Add((await clients[2 + i % 2].GetJsonAsync("/api/v1/warehouses")).Status);
        }
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds); // at 1 a second, per bucket
        clients.ForEach(c => c.Dispose());

        storefront.Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.TooManyRequests);
        storefront.Take(6).Should().OnlyContain(s => s == HttpStatusCode.OK);
        storefront.Count(s => s == HttpStatusCode.OK).Should().BeLessThanOrEqualTo(6 + refilled, "the key's bucket refills at 1 a second");
        (storefront.Count(s => s == HttpStatusCode.OK) + courier.Count(s => s == HttpStatusCode.OK)).Should().BeInRange(9, 9 + refilled,
            "the store's keys together get the store's bucket of 9, plus what refills meanwhile, on both nodes together");
        courier.Should().Contain(HttpStatusCode.TooManyRequests);
    }
}
