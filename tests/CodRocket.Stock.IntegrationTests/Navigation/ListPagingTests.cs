using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Navigation;

/// <summary>
/// Every paged list moves when its Next link is followed, as a person clicks it: page 2 shows other rows and says
/// "Page 2 of N". (The page number was bound as "page", a route value of Razor Pages, so every list stayed on page 1.)
/// </summary>
public partial class ListPagingTests(StockApp app)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (TestStore Store, BusyStore Lists)? _seeded;

    private async Task<(TestStore Store, BusyStore Lists)> BusyStoreAsync()
    {
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_seeded is null)
            {
                var store = await app.CreateStoreAsync("Busy Bazaar");
                _seeded = (store, await app.SeedBusyStoreAsync(store.TenantId));
            }
            return _seeded.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static TheoryData<string> Lists => ["products", "report", "alerts", "orders", "deliveries", "movements", "settings history"];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Next_shows_page_2_with_other_rows(string list)
    {
        var (store, lists) = await BusyStoreAsync();
        var url = list switch
        {
            "products" => "/inventory/products",
            "report" => "/reports",
            "alerts" => "/inventory/alerts",
            "orders" => "/orders",
            "deliveries" => "/settings/notifications",
            "movements" => $"/inventory/products/{lists.Busy}",
            _ => $"/inventory/products/{lists.Busy}/history",
        };
        using var client = await app.SignInAsync(store);

        var first = await client.GetAsync(url);
        first.Status.Should().Be(HttpStatusCode.OK);
        var pages = PagesOf(first, 1);
        pages.Should().BeGreaterThan(2, "the store has more than two pages of {0}", list);
        var next = Pager(first).QuerySelector("a[rel=next]")?.GetAttribute("href");
        next.Should().NotBeNull("page 1 of {0} links to the next page", list);

        var second = await client.GetAsync(next!);

        second.Status.Should().Be(HttpStatusCode.OK);
        PagesOf(second, 2).Should().Be(pages);
        var before = Rows(first);
        var after = Rows(second);
        // Two rows may read alike (two alerts of one product e-mailed at the same minute): page 2 differs as a whole.
        after.Should().NotBeEmpty().And.NotEqual(before);
        after.Except(before).Should().NotBeEmpty("page 2 of {0} shows the rows after page 1's", list);
        Pager(second).QuerySelector("a[rel=prev]")?.GetAttribute("href").Should().NotBeNull("page 2 links back to page 1");
    }

    /// <summary>The pager of the list (the one paged list of the page), checked to say "Page <paramref name="page"/> of N"; N.</summary>
    private static int PagesOf(Page page, int expected)
    {
        var text = Pager(page).TextContent;
        var match = PageOfRegex().Match(text);
        match.Success.Should().BeTrue($"the pager says which page it shows: \"{text.Trim()}\"");
        int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().Be(expected, text.Trim());
        return int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IElement Pager(Page page) =>
        page.Document.QuerySelector("nav[data-testid=pager]") ?? throw new InvalidOperationException("No pager on " + page.Url);

    /// <summary>The rows of the table the pager belongs to (same card), as text.</summary>
    private static List<string> Rows(Page page) =>
        Pager(page).Closest(".card")!.QuerySelectorAll("tbody tr").Select(r => WhitespaceRegex().Replace(r.TextContent, " ").Trim()).ToList();

    [GeneratedRegex(@"Page (\d+) of (\d+)")]
    private static partial Regex PageOfRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
