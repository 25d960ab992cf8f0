using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Forecasting;

/// <summary>Seasons of a store never overlap, even when added at the same moment: PostgreSQL's exclusion constraint decides.</summary>
public class SeasonOverlapTests(StockApp app)
{
    [Fact]
    public async Task Eight_simultaneous_overlapping_seasons_store_one_and_the_others_are_told_why()
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);
        var form = await owner.GetAsync("/settings/seasons");
        var token = form.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Name"] = $"Ramadan {i}", ["Input.StartsOn"] = "2027-02-08", ["Input.EndsOn"] = $"2027-03-{10 + i}", ["Input.Factor"] = "1.5",
                ["__RequestVerificationToken"] = token,
            });
            using var response = await owner.Http.PostAsync(new Uri("/settings/seasons", UriKind.Relative), content, TestContext.Current.CancellationToken);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }));

        (await app.InDbAsync(store.TenantId, db => db.SeasonalPeriods.CountAsync())).Should().Be(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Redirect).Should().Be(1);
        answers.Where(a => a.StatusCode != HttpStatusCode.Redirect).Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK && a.Body.Contains("overlap"));
    }
}
